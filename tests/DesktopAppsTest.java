package dev.anyray.connect.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anyray.connect.tests.support.Cli;
import dev.anyray.connect.tests.support.TempHome;
import org.junit.jupiter.api.Test;

class DesktopAppsTest {

    @Test
    void cursorGetsExactStepsAndALoopbackWarningAndNoFileIsWritten() {
        try (TempHome home = new TempHome()) {
            home.mkdir(".config/Cursor/User");
            var before = home.snapshot();
            Cli.Result r = Cli.run(home, "--dry-run", "--user", "me@x");
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.out().contains("Cursor (cursor): manual steps"), r.out());
            assertTrue(r.out().contains("Override OpenAI Base URL\" and enter: http://localhost:8787/v1"), r.out());
            assertTrue(r.out().contains("OpenAI API Key: paste sk-anyray-placeholder"), r.out());
            assertTrue(r.out().contains("cannot work from there"), r.out());
            assertTrue(r.out().contains("no custom headers"), r.out());
            assertEquals(before, home.snapshot());
            Cli.Result applied = Cli.run(home, "--yes", "--tools", "cursor", "--gateway", "https://gw.example.com", "--user", "me@x");
            assertFalse(applied.out().contains("cannot work from there"), applied.out());
            assertEquals(java.util.List.of(".config/Cursor/", ".config/Cursor/User/"),
                    home.snapshot().keySet().stream().filter(p -> p.startsWith(".config/Cursor/")).toList(), "Cursor's app state is never written");
        }
    }

    @Test
    void windsurfIsHonestAboutWhatCannotBeDone() {
        try (TempHome home = new TempHome()) {
            home.mkdir(".codeium/windsurf");
            Cli.Result r = Cli.run(home, "--dry-run", "--user", "me@x");
            assertTrue(r.out().contains("Windsurf (windsurf): manual steps"), r.out());
            assertTrue(r.out().contains("no documented setting for a custom base URL"), r.out());
        }
    }

    @Test
    void undetectedAppsAreSkippedUnlessNamed() {
        try (TempHome home = new TempHome()) {
            Cli.Result r = Cli.run(home, "--dry-run", "--user", "me@x");
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith("Not detected, so skipped") && l.contains("Cursor (cursor)")), r.out());
            Cli.Result named = Cli.run(home, "--dry-run", "--tools", "cursor", "--user", "me@x");
            assertTrue(named.out().contains("Cursor (cursor): manual steps"), named.out());
        }
    }
}
