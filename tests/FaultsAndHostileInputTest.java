package dev.anyray.connect.tests;

class FaultsAndHostileInputTest {}
