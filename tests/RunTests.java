///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//COMPILE_OPTIONS -encoding UTF-8
//DEPS org.junit.jupiter:junit-jupiter:6.1.3
//DEPS org.junit.platform:junit-platform-launcher:6.1.3
// Reference parsers for the generated-document tests (test only: users never download them).
//DEPS org.snakeyaml:snakeyaml-engine:3.2
//DEPS com.fasterxml.jackson.dataformat:jackson-dataformat-toml:2.23.0
// An in-memory Windows file system for the Windows path tests (test only).
//DEPS com.google.jimfs:jimfs:1.3.1
//SOURCES ../AnyrayConnect.java
//SOURCES support/Cli.java
//SOURCES support/TestGateway.java
//SOURCES support/TestTls.java
//SOURCES support/TempHome.java
//SOURCES support/JsonOut.java
//SOURCES support/FakeWindows.java
//SOURCES support/WindowsDisk.java
//SOURCES JsonTreeTest.java
//SOURCES GeneratedDocumentsTest.java
//SOURCES EditorRegressionsTest.java
//SOURCES CoreTest.java
//SOURCES FileTransactionTest.java
//SOURCES JournalTest.java
//SOURCES CliOptionsTest.java
//SOURCES ClaudeCodeTest.java
//SOURCES CodexTest.java
//SOURCES ShellEnvTest.java
//SOURCES DesktopAppsTest.java
//SOURCES InviteAndKeysTest.java
//SOURCES DayTwoTest.java
//SOURCES SubscriptionTest.java
//SOURCES StatusCheckJsonTest.java
//SOURCES FaultsAndHostileInputTest.java
//SOURCES RealToolsTest.java
//SOURCES EngineTest.java
//SOURCES EditorsAndDiffTest.java
//SOURCES CrashTest.java
//SOURCES TrustTest.java
//SOURCES TrustModelTest.java
//SOURCES TrustBugsTest.java
//SOURCES ToolContractTest.java
//SOURCES PlannerTest.java
//SOURCES NewToolsTest.java
//SOURCES KeychainTest.java
//SOURCES OnRampTest.java
//SOURCES AdminInviteTest.java
//SOURCES FleetTest.java
//SOURCES CorporateNetworkTest.java
//SOURCES PlatformRulesTest.java
//SOURCES RealToolsTlsTest.java
//SOURCES WindowsTest.java
//SOURCES WindowsDiskTest.java
//SOURCES IoTest.java
//SOURCES StateTest.java
//SOURCES EngineAnswersTest.java
package dev.anyray.connect.tests;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import java.io.PrintWriter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs every test against the code users run: this script sources the real entry script, so JBang
 * compiles exactly what {@code jbang anyray-connect@anyray} compiles. Prints one line per failure,
 * then the plain closing line {@code N passed, N failed} that CI reads; exits non-zero on a failure
 * or when no test ran. Optional argument: a substring of test class names to run only those.
 */
public class RunTests {
    public static void main(String[] args) {
        String filter = args.length > 0 ? args[0] : null;
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectPackage("dev.anyray.connect.tests"))
                .configurationParameter("junit.jupiter.execution.timeout.default", "120 s")
                // Test classes run side by side (each test has its own HOME and gateway); the real tools spend
                // most of their time waiting, so their tests also run concurrently with each other.
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                // The slowest classes (real tools, crash runs) start first, so they do not end the run alone.
                .configurationParameter("junit.jupiter.testclass.order.default", "org.junit.jupiter.api.ClassOrderer$OrderAnnotation")
                .configurationParameter("junit.jupiter.execution.parallel.mode.default", "same_thread")
                .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.config.executor-service", "FORK_JOIN_POOL")
                .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "4");
        if (filter != null) {
            request.filters(org.junit.platform.engine.discovery.ClassNameFilter.includeClassNamePatterns(".*" + java.util.regex.Pattern.quote(filter) + ".*"));
        }
        LauncherDiscoveryRequest discovery = request.build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        TestExecutionListener progress = new TestExecutionListener() {
            private final java.util.Map<String, Long> started = new java.util.concurrent.ConcurrentHashMap<>();

            @Override
            public void executionStarted(TestIdentifier id) {
                started.put(id.getUniqueId(), System.nanoTime());
            }

            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (!id.isTest()) return;
                String name = id.getUniqueIdObject().getSegments().stream()
                        .filter(s -> s.getType().equals("class") || s.getType().equals("method") || s.getType().contains("invocation"))
                        .map(s -> s.getValue().replaceFirst("^dev\\.anyray\\.connect\\.tests\\.", "").replaceFirst("\\(.*", ""))
                        .reduce((a, b) -> a + "." + b).orElse(id.getDisplayName()) + " " + id.getDisplayName();
                switch (result.getStatus()) {
                    case SUCCESSFUL -> System.out.println("  ok    " + name + " (" + (System.nanoTime() - started.getOrDefault(id.getUniqueId(), System.nanoTime())) / 1_000_000 + " ms)");
                    case FAILED -> System.out.println("  FAIL  " + name + ": " + result.getThrowable().map(Throwable::toString).orElse("").lines().findFirst().orElse(""));
                    case ABORTED -> System.out.println("  skip  " + name + ": " + result.getThrowable().map(Throwable::getMessage).orElse(""));
                }
            }
        };
        launcher.execute(discovery, summary, progress);
        TestExecutionSummary result = summary.getSummary();
        if (result.getTotalFailureCount() > 0) {
            System.out.println();
            result.printFailuresTo(new PrintWriter(System.out), 12);
        }
        long passed = result.getTestsSucceededCount();
        long failed = result.getTotalFailureCount();
        long skipped = result.getTestsAbortedCount() + result.getTestsSkippedCount();
        System.out.println();
        System.out.println(passed + " passed, " + failed + " failed" + (skipped > 0 ? ", " + skipped + " skipped" : ""));
        if (passed + failed == 0) {
            System.out.println("no test ran: that is a failure");
            System.exit(1);
        }
        // On CI every install works (.ci/run installs strace, the keychain, Ansible and the real tools), so a
        // skipped proof is a proof that did not run: the run fails, with the skip lines above saying which.
        if ("true".equals(System.getenv("CI")) && skipped > 0 && filter == null) {
            System.out.println("CI: " + skipped + " test(s) skipped; on CI every proof must run (see the skip lines above)");
            System.exit(1);
        }
        System.exit(failed > 0 ? 1 : 0);
    }
}
