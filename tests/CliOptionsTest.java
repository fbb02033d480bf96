package dev.anyray.connect.tests;

class CliOptionsTest {}
