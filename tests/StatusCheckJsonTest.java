package dev.anyray.connect.tests;

class StatusCheckJsonTest {}
