package dev.anyray.connect.model;

import java.util.List;

/**
 * The model id for tools that need one: {@code --model}, else the tool's current model when the gateway
 * lists it, else the first model the gateway lists ({@code GET /v1/models}, asked once per run, also on
 * a dry run); without that list, the tool's current model. Null when none can be known: the tool is then
 * configured without one where it can run so, and a warning gives the {@code --model} fix.
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

    /**
     * The model for a tool whose current setting is {@code current} (null, or not a string: none). When
     * the gateway's list cannot be had (unreachable, or empty), the tool keeps the model it has: a re-run
     * on a day the list is down must not leave a connected tool unconfigured. Null when none can be known.
     */
    default Choice choose(Object current) {
        if (requested() != null) return new Choice(requested(), "--model");
        List<String> listed = listed();
        boolean known = listed != null && !listed.isEmpty();
        if (current instanceof String id && !id.isBlank() && (!known || listed.contains(id))) {
            return new Choice(id, known ? "the tool's current model, which the gateway lists" : "the tool's current model (the gateway's list is not available)");
        }
        return known ? new Choice(listed.get(0), "the first model the gateway lists") : null;
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
