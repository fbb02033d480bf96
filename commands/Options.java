package dev.anyray.connect.commands;

import java.time.Duration;

/** What the command line asked for, already validated by the entry script (null: not given). */
public record Options(String gateway, String user, String team, String tools, String invite, String model, String keyStore, boolean subscription, boolean dryRun,
        boolean yes, boolean json, Duration timeout, String caFile) {}
