///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DEPS info.picocli:picocli:4.7.7
package bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The baseline for the startup benchmark: the smallest picocli CLI, run through JBang the same way. */
@Command(name = "minimal", mixinStandardHelpOptions = true)
public class MinimalPicocli implements Runnable {
    @Option(names = "--dry-run")
    boolean dryRun;

    public void run() {
        System.out.println("dry run: " + dryRun);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new MinimalPicocli()).execute(args));
    }
}
