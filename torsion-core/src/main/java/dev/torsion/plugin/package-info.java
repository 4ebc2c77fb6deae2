/**
 * The API of {@code ./torsion} plugins, Twisted's {@code IServiceMaker}: a {@link
 * dev.torsion.plugin.Plugin} names a command, declares its {@link dev.torsion.plugin.Option}s and
 * makes the service to run from the parsed {@link dev.torsion.plugin.Options}. It lives in core so
 * that each subsystem module (web, names, mail, conch, words, ftp) ships its own plugin beside its
 * code, as Twisted keeps {@code twisted/names/tap.py} beside the DNS code, without depending on the
 * launcher. {@link dev.torsion.plugin.CommonOptions} parses the options many plugins share
 * ({@code --listen}, {@code --user}, {@code --password-file}, {@code --certificate} and {@code
 * --private-key}) in one place.
 */
package dev.torsion.plugin;
