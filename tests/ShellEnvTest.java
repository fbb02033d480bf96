package dev.anyray.connect.tests;

class ShellEnvTest {}
