package dev.anyray.connect.tests;

class InviteAndKeysTest {}
