package dev.anyray.connect.tests;

class ClaudeCodeTest {}
