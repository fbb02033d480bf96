package dev.anyray.connect.model;

/** One finding of {@code --check}: a line to show, and whether it means all is well. */
public record Finding(boolean ok, String message) {}
