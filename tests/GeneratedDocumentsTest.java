package dev.anyray.connect.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.anyray.connect.adapters.ToolRegistry;
import dev.anyray.connect.engine.ToolAdapter;
import dev.anyray.connect.model.Environment;
import dev.anyray.connect.tests.support.Cli;
import dev.anyray.connect.tests.support.TempHome;
import dev.anyray.connect.tests.support.TestGateway;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Every editor proven on generated documents, read back by a reference parser of the format (Jackson
 * for JSON and JSONC, snakeyaml-engine for YAML 1.2 as Continue's {@code yaml} reads it, Jackson's TOML
 * 1.0 reader for Codex, {@code bash -n} for profiles), through the real CLI for every file tool. Each
 * document has comments in the places the format allows, empty objects and lists, non-BMP and
 * combining characters, CRLF, a BOM, tabs, odd indentation, look-alike keys and long lines, and puts
 * the containers the tool writes into in a random state (absent, empty, commented, holding the user's
 * own members, or a value of the wrong kind). For each document:
 * <ul>
 *   <li>a document connect cannot edit safely is refused with one line, nothing written;</li>
 *   <li>after connect, the reference parser reads the file; what connect did not own is unchanged
 *       and what it owns is there; every comment is still there, in order;</li>
 *   <li>{@code --revert} gives the bytes back;</li>
 *   <li>after connect and an edit by the user elsewhere in the file, {@code --revert} (now key by
 *       key) gives back the original with that edit, byte for byte.</li>
 * </ul>
 * Seeds: {@code ANYRAY_DOCS_SEED} (default 1), {@code ANYRAY_DOCS_COUNT} documents per format
 * (default 200; a longer run: 5000). A failure names the seed and document, and prints it.
 */
class GeneratedDocumentsTest {
    static final long SEED = Long.parseLong(System.getenv().getOrDefault("ANYRAY_DOCS_SEED", "1"));
    static final int COUNT = Integer.parseInt(System.getenv().getOrDefault("ANYRAY_DOCS_COUNT", "200"));
    static TestGateway gw;

    @BeforeAll
    static void gateway() {
        gw = new TestGateway();
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    /** A tool whose one file the generator writes, in its format. */
    record Target(String tool, Format format) {}

    enum Format { JSON, JSONC, YAML, TOML, SHELL }

    static final List<Target> TARGETS = List.of(
            new Target("claude-code", Format.JSON), new Target("cline", Format.JSON),
            new Target("opencode", Format.JSONC), new Target("kilo", Format.JSONC), new Target("qwen-code", Format.JSONC), new Target("factory-droid", Format.JSONC),
            new Target("openclaw", Format.JSONC),
            new Target("pi", Format.JSON),
            new Target("continue", Format.YAML), new Target("aider", Format.YAML), new Target("codex", Format.TOML), new Target("kimi-code", Format.TOML),
            new Target("mistral-vibe", Format.TOML),
            new Target("shell-env", Format.SHELL), new Target("copilot-cli", Format.SHELL), new Target("crush", Format.SHELL));

    @org.junit.jupiter.params.ParameterizedTest(name = "{0} documents")
    @org.junit.jupiter.params.provider.EnumSource(Format.class)
    void everyEditorKeepsEveryPromiseOnGeneratedDocuments(Format format) throws Throwable {
        List<Target> targets = TARGETS.stream().filter(t -> t.format() == format).toList();
        Random rnd = new Random(SEED * 31 + format.ordinal());
        Map<String, Integer> outcomes = new java.util.concurrent.ConcurrentSkipListMap<>();
        List<java.util.concurrent.Callable<Void>> cases = new ArrayList<>();
        for (int n = 0; n < COUNT; n++) {
            Target target = targets.get(n % targets.size());
            long docSeed = rnd.nextLong();
            cases.add(() -> {
                outcomes.merge(target.tool() + " " + new Case(target, docSeed).run(), 1, Integer::sum);
                return null;
            });
        }
        // Each document has its own HOME, so they run side by side (the CLI keeps no state between runs).
        // One core is left to the test classes that run beside this one (the real tools have start-up deadlines).
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors() - 1));
        try {
            for (java.util.concurrent.Future<Void> f : pool.invokeAll(cases)) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause();
                }
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.println("  " + format + " (seed " + SEED + ", " + COUNT + " documents): " + outcomes);
        // The generator must reach edited documents, or it proves less than it says.
        assertTrue(outcomes.keySet().stream().anyMatch(k -> k.endsWith("edited")), "no document was edited: " + outcomes);
    }

    /** One generated document through connect, revert, connect, a user edit and revert. */
    static final class Case {
        final Target target;
        final long seed;
        final Random rnd;

        Case(Target target, long seed) {
            this.target = target;
            this.seed = seed;
            this.rnd = new Random(seed);
        }

        String run() throws Exception {
            Generated doc = switch (target.format()) {
                case JSON -> new JsonGen(rnd, false, target.tool()).document();
                case JSONC -> new JsonGen(rnd, true, target.tool()).document();
                case YAML -> new YamlGen(rnd, target.tool()).document();
                case TOML -> new TomlGen(rnd, target.tool().equals("codex") ? "model_providers" : "providers", target.tool().equals("mistral-vibe")).document();
                case SHELL -> new ShellGen(rnd).document();
            };
            try (TempHome home = new TempHome()) {
                Path file = fileOf(home);
                home.write(home.root().relativize(file).toString(), doc.text().getBytes(StandardCharsets.UTF_8));
                Map<String, String> before = home.snapshot();
                Cli.Result connect = connect(home);
                if (doc.refused()) {
                    check(connect.exit() == 1, doc, "a document connect cannot edit safely must be refused (exit 1)", connect);
                    check(connect.err().strip().lines().count() == 1 && connect.err().contains(home.root().relativize(file).getFileName().toString()),
                            doc, "the refusal is one line naming the file", connect);
                    check(before.equals(home.snapshot()), doc, "a refused document is left as it was, nothing else written", connect);
                    return "refused";
                }
                check(connect.exit() == 0, doc, "connect must succeed", connect);
                String after = Files.readString(file);
                checkConnected(doc, after, owned(home, file));
                Cli.Result revert = Cli.run(home, "--revert", "--yes");
                check(revert.exit() == 0, doc, "revert must succeed", revert);
                check(doc.text().equals(Files.readString(file)), doc, "--revert must give the bytes back\n--- after revert:\n" + Files.readString(file), revert);

                // Key by key: the user changes a value of their own after connect; revert keeps that and takes out only connect's.
                check(connect(home).exit() == 0, doc, "the second connect must succeed", null);
                String connected = Files.readString(file);
                check(connected.contains(doc.userToken()), doc, "the user's token is still in the connected file", null);
                Files.writeString(file, connected.replace(doc.userToken(), doc.userEdited()));
                Cli.Result second = Cli.run(home, "--revert", "--yes");
                check(second.exit() == 0, doc, "the key-by-key revert must succeed", second);
                String expected = doc.text().replace(doc.userToken(), doc.userEdited());
                // An object or list left empty loses the blanks it had inside ({ } comes back as {}): not worth remembering.
                check(emptied(expected).equals(emptied(Files.readString(file))), doc, "a key-by-key revert must give back the original with the user's edit\n--- connected:\n"
                        + connected + "\n--- after revert:\n" + Files.readString(file), second);
                return "edited";
            }
        }

        String emptied(String text) {
            return target.format() == Format.JSON || target.format() == Format.JSONC ? text.replaceAll("\\{[ \t\r\n]+}", "{}").replaceAll("\\[[ \t\r\n]+]", "[]") : text;
        }

        Path fileOf(TempHome home) {
            Environment env = Environment.of(Cli.environment(home, Map.of()), home.root());
            ToolAdapter adapter = ToolRegistry.ALL.stream().filter(a -> a.id().equals(target.tool())).findFirst().orElseThrow();
            return adapter.files(env).get(0);
        }

        Cli.Result connect(TempHome home) {
            return Cli.run(home, Map.of("SHELL", "/bin/bash"), "--yes", "--gateway", gw.url(), "--tools", target.tool(), "--user", "me@example.com",
                    "--model", "test-model", "--key-store", "file");
        }

        /** The key paths connect's record owns in {@code file}, split into segments; those it wrote (not only took out) second. */
        List<List<String>> owned(TempHome home, Path file) throws Exception {
            Map<?, ?> state = JSON.readValue(home.path(".anyray/state.json").toFile(), Map.class);
            Map<?, ?> files = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) state.get("tools")).get(target.tool())).get("files");
            List<List<String>> owned = new ArrayList<>();
            for (Map.Entry<?, ?> f : files.entrySet()) {
                if (!Path.of(String.valueOf(f.getKey())).equals(file.toRealPath())) continue;
                Object mine = ((Map<?, ?>) f.getValue()).get("owned");
                if (mine instanceof Map<?, ?> m) for (Object key : m.keySet()) owned.add(List.of(String.valueOf(key).split("\\.")));
            }
            return owned;
        }

        /** After connect: the reference parser reads the file, the user's values are unchanged, connect's are there, every comment kept in order. */
        void checkConnected(Generated doc, String after, List<List<String>> owned) throws Exception {
            int from = 0;
            List<String> inOrder = new ArrayList<>(doc.markers());
            // Comments are made in the generator's order and checked in the document's (a profile's lines already are).
            if (target.format() != Format.SHELL) inOrder.sort(java.util.Comparator.comparingInt(m -> doc.text().indexOf(m)));
            for (String marker : inOrder) {
                int at = after.indexOf(marker, from);
                check(at >= 0, doc, "comment or line '" + marker + "' is gone or out of order after connect\n--- after:\n" + after, null);
                from = at + marker.length();
            }
            Object original;
            Object edited;
            try {
                original = parse(doc.text());
                edited = parse(after);
            } catch (Exception e) {
                throw new AssertionError(describe(doc) + "the reference parser refuses the connected file: " + e.getMessage() + "\n--- after:\n" + after, e);
            }
            if (original == null) return; // shell: bash -n passed
            check(!owned.isEmpty(), doc, "connect's record owns nothing in the file it changed", null);
            Object stripped = strip(edited, owned);
            Object expected = strip(original, owned);
            check(normalize(expected).equals(normalize(stripped)), doc, "values connect does not own changed\n--- expected: " + expected + "\n--- found:    " + stripped
                    + "\n--- after:\n" + after, null);
            for (List<String> path : owned) {
                check(at(edited, path) != null, doc, "connect's value " + path + " is not where the tool reads it\n--- after:\n" + after, null);
            }
        }

        Object parse(String text) throws Exception {
            String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
            return switch (target.format()) {
                case JSON -> JSON.readValue(body, Object.class);
                case JSONC -> JSONC.readValue(body, Object.class);
                case YAML -> new Load(YAML_SETTINGS).loadFromString(body);
                case TOML -> new TomlMapper().readValue(body, Object.class);
                case SHELL -> {
                    bashSyntax(text);
                    yield null;
                }
            };
        }

        void check(boolean ok, Generated doc, String what, Cli.Result result) {
            if (!ok) throw new AssertionError(describe(doc) + what + (result == null ? "" : "\n" + result));
        }

        String describe(Generated doc) {
            return target.tool() + ", document seed " + seed + " (ANYRAY_DOCS_SEED=" + SEED + "):\n--- document:\n" + doc.text() + "\n--- ";
        }
    }

    static final JsonMapper JSON = JsonMapper.builder().build();
    /** YAML 1.2 as cn reads it; a custom tag ({@code !secret}) is the text it tags. */
    static final LoadSettings YAML_SETTINGS = LoadSettings.builder()
            .setTagConstructors(Map.of(new org.snakeyaml.engine.v2.nodes.Tag("!secret"), node -> ((org.snakeyaml.engine.v2.nodes.ScalarNode) node).getValue())).build();
    static final JsonMapper JSONC = JsonMapper.builder().enable(JsonReadFeature.ALLOW_JAVA_COMMENTS).enable(JsonReadFeature.ALLOW_TRAILING_COMMA).build();

    static void bashSyntax(String text) throws Exception {
        Path script = Files.createTempFile("anyray-gen", ".sh");
        try {
            Files.writeString(script, text);
            Process p = new ProcessBuilder("bash", "-n", script.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) throw new IllegalStateException("bash -n: " + out);
        } finally {
            Files.deleteIfExists(script);
        }
    }

    // ------------------------------------------------------------------ comparing trees

    /**
     * The tree without what connect owns: each owned path removed (a {@code [name=value]} segment picks a
     * list entry, {@code *} the whole value); containers left empty by that are dropped.
     */
    @SuppressWarnings("unchecked")
    static Object strip(Object tree, Collection<List<String>> owned) {
        Object copy = deepCopy(tree);
        for (List<String> path : owned) {
            Object node = copy;
            for (int i = 0; i < path.size() - 1 && node != null; i++) node = child(node, path.get(i));
            String last = path.get(path.size() - 1);
            if (node instanceof Map<?, ?> map) ((Map<String, Object>) map).remove(last);
            if (node instanceof List<?> list) list.removeIf(e -> matches(e, last));
        }
        // A list entry connect wrote member by member (Droid's) is gone once only its selecting member is left.
        for (List<String> path : owned) {
            for (int i = 0; i < path.size(); i++) {
                String selector = path.get(i);
                if (!selector.startsWith("[")) continue;
                String name = selector.substring(1, selector.indexOf('='));
                Object list = at(copy, path.subList(0, i));
                if (list instanceof List<?> l) l.removeIf(e -> matches(e, selector) && ((Map<?, ?>) e).keySet().equals(java.util.Set.of(name)));
            }
        }
        return copy;
    }

    static Object at(Object tree, List<String> path) {
        Object node = tree;
        for (String key : path) node = node == null ? null : child(node, key);
        return node;
    }

    static Object child(Object node, String key) {
        if (node instanceof Map<?, ?> map) return map.get(key);
        if (node instanceof List<?> list) return list.stream().filter(e -> matches(e, key)).findFirst().orElse(null);
        return null;
    }

    static boolean matches(Object element, String selector) {
        if (!selector.startsWith("[") || !(element instanceof Map<?, ?> map)) return false;
        String[] nv = selector.substring(1, selector.length() - 1).split("=", 2);
        return nv[1].equals(String.valueOf(map.get(nv[0])));
    }

    @SuppressWarnings("unchecked")
    static Object deepCopy(Object tree) {
        if (tree instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), deepCopy(v)));
            return copy;
        }
        if (tree instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            for (Object e : list) copy.add(deepCopy(e));
            return copy;
        }
        return tree;
    }

    /** Empty containers (and a YAML key with no value, which a list entry turns into a list) compare as absent; numbers by value. */
    static Object normalize(Object tree) {
        if (tree instanceof Map<?, ?> map) {
            Map<String, Object> out = new java.util.TreeMap<>();
            map.forEach((k, v) -> {
                Object n = normalize(v);
                if (n != null) out.put(String.valueOf(k), n);
            });
            return out.isEmpty() ? null : out;
        }
        if (tree instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (Object e : list) out.add(normalize(e) == null ? "∅" : normalize(e));
            return out.isEmpty() ? null : out;
        }
        if (tree instanceof Number n) return new java.math.BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
        return tree;
    }

    // ------------------------------------------------------------------ generators

    /**
     * A generated document: its text, whether connect must refuse it, the markers (comments, lines)
     * that must survive in order, and a token of the user's to edit later.
     */
    record Generated(String text, boolean refused, List<String> markers, String userToken) {
        String userEdited() {
            return userToken.replace("before", "after");
        }
    }

    /** Strings a file may hold: non-BMP and combining characters, escapes, comment look-alikes, quotes. */
    static final String[] TRICKY = {"plain", "😀 emoji", "e\u0301 combining", "日本語", "tab\there", "a \"quoted\" word", "back\\slash", "// not a comment",
            "/* not a comment */", "# not a comment", "${{ secrets.X }}", "'single'", "𝄞 clef", "[table]", "key = value", "- item", "\u00a0nbsp", ""};

    static String tricky(Random rnd) {
        if (rnd.nextInt(25) == 0) return "long " + "x".repeat(300 + rnd.nextInt(3000));
        return TRICKY[rnd.nextInt(TRICKY.length)];
    }

    /** What every generator shares: its draws, the markers that must survive in order, and the common choices. */
    abstract static class Generator {
        final Random rnd;
        final List<String> markers = new ArrayList<>();
        int comments;

        Generator(Random rnd) {
            this.rnd = rnd;
        }

        /** CRLF for one document in four. */
        String lineEnding() {
            return rnd.nextInt(4) == 0 ? "\r\n" : "\n";
        }

        /** A value of the user's that a later edit changes ({@link Generated#userEdited}). */
        String userToken() {
            return "before-" + Long.toHexString(rnd.nextLong());
        }
    }

    /** JSON and JSONC: a tree of the user's own members with the tool's containers planted in random states. */
    static final class JsonGen extends Generator {
        final boolean jsonc;
        final String tool;
        String nl;
        String unit;
        boolean compact;
        boolean refused;

        /** Whether the tool's own schema must accept what the user has in its containers (the real-tool runs). */
        boolean schemaValid;

        JsonGen(Random rnd, boolean jsonc, String tool) {
            super(rnd);
            this.jsonc = jsonc;
            this.tool = tool;
        }

        JsonGen schemaValid() {
            schemaValid = true;
            return this;
        }

        Generated document() {
            nl = lineEnding();
            compact = rnd.nextInt(6) == 0;
            unit = switch (rnd.nextInt(4)) { case 0 -> "\t"; case 1 -> "    "; case 2 -> " "; default -> "  "; };
            String token = userToken();
            List<String[]> members = new ArrayList<>();
            List<String> containers = containers();
            // The user's own members: look-alikes of the tool's keys, never one of its containers (that would be a duplicate key).
            for (int i = rnd.nextInt(4); i > 0; i--) {
                String key = key();
                if (!containers.contains(key)) members.add(new String[] {key, value(0)});
            }
            members.add(rnd.nextInt(members.size() + 1), new String[] {"userSetting", quote(token)});
            // The tool's containers, each in a random state, at random places among the user's members.
            for (String container : containers) members.add(rnd.nextInt(members.size() + 1), new String[] {container, planted(container)});
            String body = object(members, 0);
            String text = (rnd.nextInt(10) == 0 ? "\uFEFF" : "") + comment(0) + body + (rnd.nextInt(5) == 0 ? "" : nl);
            return new Generated(text, refused, markers, token);
        }

        List<String> containers() {
            return switch (tool) {
                case "claude-code" -> List.of("env");
                case "cline", "pi" -> List.of("providers");
                case "opencode", "kilo" -> List.of("provider");
                case "qwen-code" -> rnd.nextBoolean() ? List.of("security", "model") : List.of("model");
                case "factory-droid" -> List.of("customModels");
                case "openclaw" -> rnd.nextBoolean() ? List.of("models", "agents") : List.of("models");
                default -> List.of();
            };
        }

        /** A container connect writes into: absent (dropped later), empty, commented, with members of the user's, or of the wrong kind. */
        String planted(String container) {
            int roll = rnd.nextInt(20);
            if (roll == 0 && !schemaValid) {
                refused = true;
                // Droid's list is a list of entries: the wrong kind for it is anything but a list.
                if (container.equals("customModels")) return rnd.nextBoolean() ? quote("not a list") : object(List.of(), 1);
                return rnd.nextBoolean() ? quote("not an object") : "[1, 2]";
            }
            if (container.equals("customModels")) {
                List<String> entries = new ArrayList<>();
                for (int i = rnd.nextInt(3); i > 0; i--) {
                    entries.add(object(List.<String[]>of(new String[] {"model", quote("m" + i)}, new String[] {"displayName", quote("Mine " + i)},
                            new String[] {"baseUrl", quote("http://localhost:1/v1")}, new String[] {"apiKey", quote("sk-mine")},
                            new String[] {"provider", quote("generic-chat-completion-api")}), 2));
                }
                return array(entries, 1);
            }
            if (roll < 8) return object(List.of(), 1);
            List<String[]> members = new ArrayList<>();
            for (int i = rnd.nextInt(3); i > 0; i--) {
                // opencode's schema wants a provider object under each key of "provider".
                String value = schemaValid && container.equals("provider") ? object(List.<String[]>of(new String[] {"name", quote(tricky(rnd))}), 2) : value(2);
                members.add(new String[] {key(), value});
            }
            if (container.equals("provider") && rnd.nextBoolean()) members.add(new String[] {"openai", object(List.<String[]>of(new String[] {"name", quote("mine")}), 2)});
            if (container.equals("env") && rnd.nextBoolean()) members.add(new String[] {"ANTHROPIC_MODEL", quote("opus")});
            if (container.equals("model")) members.add(new String[] {"sessionTokenLimit", "32000"});
            return object(members, 1);
        }

        String key() {
            String[] keys = {"theme", "Env", "env ", "ENV", "env\u200b", "provider_", "models", "permissions", "😀", "k\u0301", "$schema_", "a.b", "includeCoAuthoredBy"};
            return keys[rnd.nextInt(keys.length)] + (rnd.nextInt(3) == 0 ? "" : String.valueOf(rnd.nextInt(100)));
        }

        String value(int depth) {
            int roll = rnd.nextInt(depth > 2 ? 6 : 10);
            return switch (roll) {
                case 0 -> String.valueOf(rnd.nextInt(2000) - 1000);
                case 1 -> rnd.nextBoolean() ? "true" : "false";
                case 2 -> "null";
                case 3 -> "1.5e3";
                case 4, 5 -> quote(tricky(rnd));
                case 6, 7 -> {
                    List<String[]> members = new ArrayList<>();
                    for (int i = rnd.nextInt(3); i > 0; i--) members.add(new String[] {key(), value(depth + 1)});
                    yield object(members, depth + 1);
                }
                default -> {
                    List<String> items = new ArrayList<>();
                    for (int i = rnd.nextInt(3); i > 0; i--) items.add(value(depth + 1));
                    yield array(items, depth + 1);
                }
            };
        }

        String quote(String s) {
            StringBuilder out = new StringBuilder("\"");
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '"' || c == '\\') out.append('\\').append(c);
                else if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
                else if (c == 'é' && rnd.nextBoolean()) out.append("\\u00e9");
                else if (Character.isHighSurrogate(c) && rnd.nextInt(3) == 0) out.append(String.format("\\u%04x\\u%04x", (int) c, (int) s.charAt(++i)));
                else out.append(c);
            }
            return out.append('"').toString();
        }

        /** A comment in JSONC (a marker that must survive), nothing in JSON. */
        String comment(int depth) {
            if (!jsonc || rnd.nextInt(3) != 0) return "";
            String marker = "c" + (comments++) + "-" + tricky(rnd).replace("*/", "").replace("\n", "").replace("\r", "");
            markers.add(marker);
            return compact || rnd.nextBoolean() ? "/* " + marker + " */ " : "// " + marker + nl + unit.repeat(depth);
        }

        String object(List<String[]> members, int depth) {
            if (members.isEmpty()) {
                // Comments inside an empty object: the case inserts used to delete.
                String inner = jsonc && rnd.nextBoolean() ? (rnd.nextBoolean() ? " " + blockComment() + " " : " // " + marker() + nl + unit.repeat(depth)) : rnd.nextBoolean() ? " " : "";
                return "{" + inner + "}";
            }
            StringBuilder out = new StringBuilder("{");
            String pad = compact ? "" : nl + unit.repeat(depth + 1);
            for (int i = 0; i < members.size(); i++) {
                out.append(pad).append(comment(depth + 1));
                String colon = rnd.nextInt(5) == 0 ? " : " : compact ? ":" : ": ";
                String name = quote(members.get(i)[0]);
                out.append(name).append(jsonc && rnd.nextInt(12) == 0 ? " " + blockComment() + " " : "").append(colon).append(members.get(i)[1]);
                boolean last = i == members.size() - 1;
                if (!last || jsonc && rnd.nextInt(4) == 0) out.append(',');
                if (!compact && jsonc && rnd.nextInt(4) == 0) out.append(" // ").append(marker()).append(nl).append(unit.repeat(depth + 1)).append(comment(depth + 1));
            }
            out.append(compact ? "" : nl + unit.repeat(depth)).append('}');
            return out.toString();
        }

        String array(List<String> items, int depth) {
            if (items.isEmpty()) return "[" + (jsonc && rnd.nextBoolean() ? " " + blockComment() + " " : "") + "]";
            StringBuilder out = new StringBuilder("[");
            String pad = compact ? "" : nl + unit.repeat(depth + 1);
            for (int i = 0; i < items.size(); i++) {
                out.append(pad).append(comment(depth + 1)).append(items.get(i));
                if (i < items.size() - 1 || jsonc && rnd.nextInt(4) == 0) out.append(',');
            }
            return out.append(compact ? "" : nl + unit.repeat(depth)).append(']').toString();
        }

        String marker() {
            String marker = "m" + (comments++) + "~";
            markers.add(marker);
            return marker;
        }

        String blockComment() {
            return "/* " + marker() + " */";
        }
    }

    /** Continue's config.yaml: models in every state, the user's other keys, comments with non-BMP characters, tags, anchors, block scalars. */
    static final class YamlGen extends Generator {
        private final boolean aider;

        YamlGen(Random rnd, String tool) {
            super(rnd);
            this.aider = tool.equals("aider");
        }

        Generated document() {
            String nl = lineEnding();
            String token = userToken();
            boolean refused = false;
            List<String> parts = new ArrayList<>();
            parts.add("name: " + plain() + nl + "version: 1.0.0" + nl + "schema: v1" + nl);
            parts.add("userSetting: " + token + nl);
            if (rnd.nextBoolean()) parts.add("context:" + nl + "  - provider: code" + nl + "  - provider: diff # " + marker() + nl);
            if (rnd.nextBoolean()) parts.add("rules:" + nl + "  - |" + nl + "    Keep it short. " + plain() + nl + "    # not a comment: block text" + nl);
            if (rnd.nextBoolean()) parts.add("secretish: !secret api_key" + nl);
            if (rnd.nextBoolean()) parts.add("base: &base" + nl + "  provider: openai" + nl + "copy: *base" + nl);
            if (rnd.nextBoolean()) parts.add("\"quoted key\": 'it''s " + plain() + "'" + nl);
            if (rnd.nextInt(4) == 0) parts.add("long: " + "y".repeat(400 + rnd.nextInt(2000)) + nl);
            int state = rnd.nextInt(12);
            String indent = rnd.nextBoolean() ? "" : "  ";
            String models = switch (state) {
                case 0 -> null;
                case 1 -> "models:" + nl;
                case 2 -> "models: []" + (rnd.nextBoolean() ? " # " + marker() : "") + nl;
                case 3 -> "models: [ ]" + nl;
                case 4 -> {
                    refused = !aider; // Continue's list; only a key of the user's to Aider
                    yield rnd.nextBoolean() ? "models: not a list" + nl : "models: [{name: a, provider: openai, model: m}]" + nl;
                }
                default -> {
                    StringBuilder out = new StringBuilder("models:" + (rnd.nextBoolean() ? " # " + marker() : "") + nl);
                    int n = 1 + rnd.nextInt(3);
                    int ours = state >= 9 ? rnd.nextInt(n + 1) : -1;
                    for (int i = 0; i <= n; i++) {
                        if (i == ours) {
                            out.append(indent).append("- name: Anyray gateway").append(nl).append(indent).append("  provider: openai").append(nl)
                                    .append(indent).append("  model: old-model").append(nl);
                        }
                        if (i == n) break;
                        if (rnd.nextBoolean()) out.append(indent).append("# ").append(marker()).append(nl);
                        out.append(indent).append("- name: ").append(rnd.nextBoolean() ? "Mine " + i : "'Mine " + i + " " + plain() + "'").append(nl)
                                .append(indent).append("  provider: ollama").append(nl).append(indent).append("  model: llama").append(i)
                                .append(rnd.nextBoolean() ? " # " + marker() : "").append(nl);
                    }
                    yield out.toString();
                }
            };
            if (models != null) parts.add(rnd.nextInt(parts.size() + 1), models);
            if (aider) {
                // Aider's top-level values: a model of connect's kind (openai/…, replaced in place), one of the user's own (kept), a base URL to take over, or a value connect cannot replace in place.
                String mine = switch (rnd.nextInt(7)) {
                    case 0 -> "model: openai/old-model" + (rnd.nextBoolean() ? " # " + marker() : "") + nl;
                    case 1 -> "model: anthropic/claude-sonnet # " + marker() + nl;
                    case 2 -> "openai-api-base: 'http://localhost:1/v1'" + (rnd.nextBoolean() ? " # " + marker() : "") + nl;
                    case 3 -> {
                        refused = true; // a folded scalar: connect's kind of model, but not on the key's line
                        yield "model: >" + nl + "  openai/x" + nl;
                    }
                    case 4 -> "model:" + nl + "  nested: openai/x" + nl; // not a model name: the user's, kept
                    default -> null;
                };
                if (mine != null) parts.add(rnd.nextInt(parts.size() + 1), mine);
            }
            StringBuilder text = new StringBuilder(rnd.nextInt(10) == 0 ? "\uFEFF" : "");
            for (String part : parts) {
                if (rnd.nextBoolean()) text.append("# ").append(marker()).append(nl);
                if (rnd.nextInt(4) == 0) text.append(nl);
                text.append(part);
            }
            String out = text.toString();
            if (rnd.nextInt(6) == 0 && out.endsWith(nl)) out = out.substring(0, out.length() - nl.length());
            return new Generated(out, refused, markers, token);
        }

        String plain() {
            String[] words = {"😀 emoji", "日本語", "e\u0301", "𝄞𝄞𝄞", "plain", "tab\there"};
            return words[rnd.nextInt(words.length)];
        }

        String marker() {
            String m = "c" + (comments++) + " " + plain().replace("\t", " ") + (rnd.nextInt(3) == 0 ? " 😀😀😀😀" : "");
            markers.add(m);
            return m;
        }
    }

    /**
     * Codex's and Kimi Code's TOML: top-level keys, tables, arrays of tables, multi-line arrays of
     * arrays and strings with header look-alikes; {@code providers} is the table connect writes into.
     */
    static final class TomlGen extends Generator {
        private final String providers;
        /** Mistral Vibe's providers are an array of tables ([[providers]]), not a table. */
        private final boolean arrayOfTables;

        TomlGen(Random rnd, String providers, boolean arrayOfTables) {
            super(rnd);
            this.providers = providers;
            this.arrayOfTables = arrayOfTables;
        }

        Generated document() {
            String nl = lineEnding();
            String token = userToken();
            boolean refused = false;
            List<String> top = new ArrayList<>();
            top.add("userSetting = \"" + token + "\"" + nl);
            if (rnd.nextBoolean()) top.add("model = \"gpt-5\"" + comment() + nl);
            if (rnd.nextBoolean()) top.add("approval_policy = 'never'" + nl);
            if (rnd.nextBoolean()) top.add("matrix = [" + nl + "  [1, 2]," + nl + "[3, 4], # " + marker() + nl + "  [" + nl + "    5," + nl + "  ]," + nl + "]" + nl);
            if (rnd.nextBoolean()) top.add("notes = \"\"\"" + nl + "[not.a.table]" + nl + "text 😀 \"\"\"" + nl);
            if (rnd.nextBoolean()) top.add("literal = '''" + nl + "[[also.not]]" + nl + "'''" + nl);
            if (rnd.nextInt(4) == 0) top.add("long = \"" + "z".repeat(300 + rnd.nextInt(2000)) + "\"" + nl);
            if (rnd.nextInt(5) == 0) top.add("\"quoted.key\" = \"e\u0301\"" + nl);
            List<String> tables = new ArrayList<>();
            if (rnd.nextBoolean()) tables.add("[profiles.work]" + comment() + nl + "model = \"o3\"" + nl);
            if (rnd.nextBoolean()) tables.add("[[mcp_list]]" + nl + "name = \"a\"" + nl + "[[mcp_list]]" + nl + "name = \"b\"" + nl);
            if (rnd.nextBoolean()) tables.add("[shell_environment_policy]" + nl + "inherit = \"core\"" + nl + "set = { A = \"1\", B = \"😀\" }" + nl);
            int state = rnd.nextInt(10);
            if (state == 0) {
                refused = true;
                top.add(providers + " = \"not a table\"" + nl);
            } else if (arrayOfTables && state < 4) {
                // The user's own provider and model tables, and sometimes connect's provider from an earlier run.
                tables.add(rnd.nextInt(tables.size() + 1), "[[providers]]" + comment() + nl + "name = \"local\"" + nl + "api_base = \"http://localhost:1/v1\"" + nl);
                if (rnd.nextBoolean()) tables.add("[[providers]]" + nl + "name = \"anyray\"" + nl + "api_base = \"http://old.example/v1\"" + comment() + nl);
                if (rnd.nextBoolean()) tables.add("[[models]]" + nl + "name = \"devstral\"" + nl + "provider = \"local\"" + nl + "alias = \"mine\"" + nl);
                if (rnd.nextBoolean()) top.add("active_model = \"mine\"" + comment() + nl);
            } else if (arrayOfTables && state < 6) {
                refused = true; // a table where Vibe has an array of tables
                tables.add(rnd.nextInt(tables.size() + 1), "[" + providers + "]" + nl);
            } else if (state < 4) {
                tables.add(rnd.nextInt(tables.size() + 1), "[" + providers + ".local]" + comment() + nl + "name = \"local\"" + nl + "base_url = \"http://localhost:1/v1\"" + nl);
            } else if (state < 6) {
                tables.add(rnd.nextInt(tables.size() + 1), "[" + providers + "]" + nl);
            }
            StringBuilder text = new StringBuilder();
            for (String line : top) text.append(rnd.nextInt(3) == 0 ? "# " + marker() + nl : "").append(line);
            for (String table : tables) text.append(nl).append(rnd.nextInt(3) == 0 ? "# " + marker() + nl : "").append(table);
            return new Generated(text.toString(), refused, markers, token);
        }

        String comment() {
            return rnd.nextBoolean() ? " # " + marker() : "";
        }

        String marker() {
            String m = "c" + (comments++) + (rnd.nextBoolean() ? " 😀 [x]" : " e\u0301");
            markers.add(m);
            return m;
        }
    }

    /** Shell profiles: comments, exports, functions, heredocs, look-alike markers, CRLF-free (bash refuses CR in syntax), no final newline. */
    static final class ShellGen extends Generator {
        ShellGen(Random rnd) {
            super(rnd);
        }

        Generated document() {
            String token = userToken();
            String[] pool = {"# ~/.bashrc: executed by bash for non-login shells", "export PATH=\"$HOME/bin:$PATH\"", "alias ll='ls -l' # 😀",
                    "if [ -f /etc/bashrc ]; then\n  . /etc/bashrc\nfi", "greet() {\n\techo \"hi e\u0301\"\n}", "cat <<'EOF' >/dev/null\n# >>> anyray-connect-not >>>\nEOF",
                    "# >>> conda initialize >>>\n# <<< conda initialize <<<", "export LONG=" + "w".repeat(300), "", "\t# tabbed comment", "export ANTHROPIC_MODEL=opus"};
            StringBuilder text = new StringBuilder();
            List<String> lines = new ArrayList<>();
            for (int i = rnd.nextInt(8); i >= 0; i--) lines.add(pool[rnd.nextInt(pool.length)]);
            lines.add(rnd.nextInt(lines.size() + 1), "export USER_SETTING=" + token);
            for (String line : lines) {
                text.append(line).append('\n');
                for (String part : line.split("\n")) if (!part.isBlank()) markers.add(part);
            }
            String out = text.toString();
            if (rnd.nextInt(5) == 0) out = out.substring(0, out.length() - 1);
            return new Generated(out, false, markers, token);
        }
    }
}
