package dev.anyray.connect.tests.support;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What {@code --json} promises a machine reading stdout: exactly one JSON object and nothing else.
 * {@code readTree} alone stops after the first value, so a human line printed after it would pass.
 */
public final class JsonOut {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonOut() {}

    public static JsonNode one(String stdout) {
        try (JsonParser parser = MAPPER.createParser(stdout)) {
            JsonNode doc = MAPPER.readTree(parser);
            if (doc == null || !doc.isObject()) throw new AssertionError("stdout holds no JSON object:\n" + stdout);
            if (parser.nextToken() != null) throw new AssertionError("stdout holds more than one JSON document (or text after it):\n" + stdout);
            return doc;
        } catch (java.io.IOException e) {
            throw new AssertionError("stdout is not one JSON document: " + e.getMessage() + "\n" + stdout, e);
        }
    }
}
