package dev.anyray.connect.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one Jackson mapper, built on first use only: a dry run without --json never pays for it (Jackson
 * is the largest part of start-up). Used for the gateway's answers, the revert record, the journal and
 * --json; never for the tools' own files, which go through the text editors.
 */
public final class Json {
    private Json() {}

    private static final class Holder {
        static final ObjectMapper MAPPER = JsonMapper.builder()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    public static ObjectMapper mapper() {
        return Holder.MAPPER;
    }
}
