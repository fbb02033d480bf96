package dev.anyray.connect.tests;

class DesktopAppsTest {}
