package dev.anyray.connect.edit;

import dev.anyray.connect.model.Text;
import java.util.List;
import java.util.Map;

/** The one way to compare and print the values the document editors hold, whatever their format. */
public final class Values {
    private Values() {}

    /**
     * What a value means, as text: a string is itself (so a tool that re-quotes or re-indents a file is
     * not mistaken for a user edit); anything else is its compact JSON.
     */
    public static String canonical(Object value) {
        return value instanceof String s ? s : json(value);
    }

    /** Compact JSON of a plain value; maps keep their order. */
    public static String json(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value, ":", ",");
        return out.toString();
    }

    /** JSON as people write it in a config file: {@code {"a": 1, "b": 2}} on one line. */
    public static String jsonInline(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value, ": ", ", ");
        return out.toString();
    }

    private static void write(StringBuilder out, Object value, String colon, String comma) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            out.append(Text.jsonString(s, false));
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) out.append(comma);
                first = false;
                out.append(Text.jsonString(String.valueOf(e.getKey()), false)).append(colon);
                write(out, e.getValue(), colon, comma);
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) out.append(comma);
                write(out, list.get(i), colon, comma);
            }
            out.append(']');
        } else {
            out.append(value);
        }
    }
}
