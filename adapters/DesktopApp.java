package dev.anyray.connect.adapters;

import dev.anyray.connect.model.Environment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Where a VS Code-based desktop app lives on macOS, Linux and Windows; used only to detect it, never to write. */
record DesktopApp(String appName, String dataDirName, String command, String linuxPackageDir, String dotDir) {

    List<Path> locations(Environment env) {
        Path home = env.home();
        List<Path> paths = new ArrayList<>();
        if (env.isMac()) {
            paths.add(env.path("/Applications", appName + ".app"));
            paths.add(home.resolve("Applications").resolve(appName + ".app"));
            paths.add(home.resolve("Library/Application Support").resolve(dataDirName));
        } else if (env.isWindows()) {
            String appData = env.get("APPDATA");
            String localAppData = env.get("LOCALAPPDATA");
            if (appData != null) paths.add(env.path(appData, dataDirName));
            if (localAppData != null) paths.add(env.path(localAppData, "Programs", linuxPackageDir));
        } else {
            paths.add(env.dirFromVar("XDG_CONFIG_HOME", ".config").resolve(dataDirName));
            paths.add(env.path("/opt", appName));
            paths.add(env.path("/usr/share", linuxPackageDir));
        }
        paths.add(home.resolve(dotDir));
        return paths;
    }

    boolean detect(Environment env) {
        return env.onPath(command) || locations(env).stream().anyMatch(Files::exists);
    }
}
