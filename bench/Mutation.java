///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DEPS org.pitest:pitest-command-line:1.30.2
//DEPS org.pitest:pitest-junit5-plugin:1.2.3

/** PIT's command line, with its JUnit 5 plugin on the class path: what bench/mutation.sh runs. Test-only: users never download it. */
public class Mutation {
    public static void main(String[] args) {
        org.pitest.mutationtest.commandline.MutationCoverageReport.main(args);
    }
}
