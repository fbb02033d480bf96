package dev.anyray.connect.tests;

class CodexTest {}
