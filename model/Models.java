package dev.anyray.connect.model;

import java.util.List;

/**
 * The model id for tools that need one: {@code --model}, else the tool's current model when the gateway
 * lists it, else the first model the gateway lists ({@code GET /v1/models}, asked once per run, also on
 * a dry run). Null when none can be known (the gateway cannot be reached): the tool is then configured
 * without one where it can run so, and a warning gives the {@code --model} fix.
 */
public interface Models {

    /** {@code --model}, or null. */
    String requested();

    /** The ids the gateway lists, or null when it could not be asked (see {@link #whyUnknown()}). */
    List<String> listed();

    /** Why the gateway's list is not known (one line), or null. */
    String whyUnknown();

    /** A model id and how it was chosen. */
    record Choice(String id, String why) {}

    /** The model for a tool whose current setting is {@code current} (null, or not a string: none). Null when none can be known. */
    default Choice choose(Object current) {
        if (requested() != null) return new Choice(requested(), "--model");
        List<String> listed = listed();
        if (listed == null || listed.isEmpty()) return null;
        if (current instanceof String id && listed.contains(id)) return new Choice(id, "the tool's current model, which the gateway lists");
        return new Choice(listed.get(0), "the first model the gateway lists");
    }

    /** The warning for a tool that needs a model when none can be known. */
    default String missingWarning(String tool) {
        return tool + " needs a model id and the gateway's model list is not available" + (whyUnknown() == null ? "" : " (" + whyUnknown() + ")")
                + "; re-run with --model ID";
    }

    static Models none() {
        return fixed(null);
    }

    /** Only {@code --model} (or nothing): for runs that must not ask the gateway. */
    static Models fixed(String requested) {
        return new Models() {
            public String requested() {
                return requested;
            }

            public List<String> listed() {
                return null;
            }

            public String whyUnknown() {
                return null;
            }
        };
    }
}
