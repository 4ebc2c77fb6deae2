package dev.torsion.ftp.client;

/**
 * One entry of a LIST reply in {@code ls -l} form, as {@link FTPFileListProtocol} parses it: the
 * fields of Twisted's {@code FTPFileListProtocol} dictionaries.
 *
 * <pre>{@code
 * // drwxr-xr-x   2 ftp ftp  4096 Mar 05 14:03 pub
 * file.type();        // 'd'
 * file.name();        // "pub"
 * }</pre>
 *
 * @param type '-' plain file, 'd' directory, 'l' symlink (and b, c, p, s)
 * @param linkTarget for a symlink listed as {@code name -> target}, the target; else null
 */
public record FTPFile(char type, String permissions, int links, String owner, String group,
    long size, String date, String name, String linkTarget) {
  public boolean isDirectory() {
    return type == 'd';
  }
}
