package dev.torsion.runner.internal;

import dev.torsion.plugin.Plugin;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The plugins on the classpath, by name, found through {@link ServiceLoader}. */
public final class PluginRegistry {
  private final Map<String, Plugin> plugins = new TreeMap<>();

  public PluginRegistry(ClassLoader loader) {
    ServiceLoader<Plugin> found = ServiceLoader.load(Plugin.class, loader);
    var it = found.iterator();
    while (true) {
      Plugin p;
      try {
        if (!it.hasNext()) {
          break;
        }
        p = it.next();
      } catch (ServiceConfigurationError e) {
        // A broken third-party jar must not take the other plugins down with it.
        System.err.println("torsion: ignoring a plugin that failed to load: " + e.getMessage());
        continue;
      }
      plugins.putIfAbsent(p.name(), p);
    }
  }

  public Plugin get(String name) {
    return plugins.get(name);
  }

  public Map<String, Plugin> all() {
    return plugins;
  }
}
