package dev.anyray.connect.ui;

import dev.anyray.connect.model.ClientKey;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks secrets in everything connect prints (plans, diffs, errors, --status, --json): the keys this
 * run knows (its own, the stored one), anything shaped like a personal key or invite, and the value of
 * every key-bearing setting (any name ending in key, token, secret, password or credential, whatever
 * its case or separator: {@code *_KEY}, {@code apiKey}, {@code secretAccessKey}, {@code token},
 * {@code accessToken}, {@code x-anyray-api-key}; and bearer tokens), the user's own tokens included. A masked secret keeps its prefix and last four
 * characters, enough to tell keys apart.
 */
public final class Secrets {
    private static final Pattern ISSUED = Pattern.compile("\\b(?:ark|ari)_[A-Za-z0-9._~+/=-]{4,}");
    // The name starts where a run of name characters starts: otherwise every position of a long run
    // (a 2 MB one-line file) would be tried again, which is quadratic.
    // A bare "key" is not a secret's name (it labels output: "key: personal key ark_…"); "apiKey" is.
    // Nor is a file's name ending in "key" ("~/.anyray/client-key: delete the stored personal key").
    private static final Pattern KEY_SETTING = Pattern.compile(
            "(?i)((?<![A-Za-z0-9_./\\\\-])(?:[A-Za-z0-9_.-]+key|[A-Za-z0-9_.-]*(?:token|secret|password|passwd|credential))\"?'?\\s*[:=]\\s*\"?'?)([A-Za-z0-9._~+/=-]{6,})");
    private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)([A-Za-z0-9._~+/=-]{6,})");

    private final List<String> known = new ArrayList<>();

    /** A secret this run knows by value (so it is masked even where no pattern would find it). */
    public Secrets add(String secret) {
        if (secret != null && secret.length() >= 6 && !secret.equals(ClientKey.PLACEHOLDER) && !known.contains(secret)) known.add(secret);
        return this;
    }

    public String mask(String text) {
        if (text == null || text.isEmpty()) return text;
        String out = text;
        for (String secret : known) out = out.replace(secret, ClientKey.mask(secret));
        out = replace(ISSUED, out, 0);
        out = replace(KEY_SETTING, out, 2);
        return replace(BEARER, out, 2);
    }

    private static String replace(Pattern pattern, String text, int group) {
        Matcher m = pattern.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String secret = m.group(group);
            String masked = secret.equals(ClientKey.PLACEHOLDER) || secret.contains("…") ? secret : ClientKey.mask(secret);
            String whole = group == 0 ? masked : m.group(0).substring(0, m.start(group) - m.start()) + masked;
            m.appendReplacement(out, Matcher.quoteReplacement(whole));
        }
        m.appendTail(out);
        return out.toString();
    }
}
