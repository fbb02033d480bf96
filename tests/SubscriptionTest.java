package dev.anyray.connect.tests;

class SubscriptionTest {}
