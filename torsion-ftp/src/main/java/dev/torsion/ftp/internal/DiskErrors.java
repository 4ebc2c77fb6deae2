package dev.torsion.ftp.internal;

import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * The reply line for a failed file-system operation. Only the exceptions {@link
 * RootedFileSystem} makes (NotFound, WrongKind), which name the client's virtual path, have
 * their message repeated; the JDK's name the real path, so their replies are fixed texts and
 * the real path under the root never reaches the client.
 */
public final class DiskErrors {
  private DiskErrors() {}

  public static String reply(Throwable e) {
    if (e instanceof RootedFileSystem.NotFound) {
      return "550 " + e.getMessage() + ": No such file or directory";
    }
    if (e instanceof RootedFileSystem.WrongKind) {
      return "550 " + e.getMessage();
    }
    if (e instanceof RootedFileSystem.OutsideRoot || e instanceof AccessDeniedException) {
      return "550 Permission denied";
    }
    if (e instanceof FileAlreadyExistsException) {
      return "550 File exists";
    }
    if (e instanceof DirectoryNotEmptyException) {
      return "550 Directory not empty";
    }
    if (e instanceof NoSuchFileException || e instanceof NotDirectoryException) {
      return "550 No such file or directory"; // the JDK's, naming the real path: not repeated
    }
    if (e instanceof IllegalArgumentException) {
      return "554 " + e.getMessage(); // REST past the end of the file
    }
    return "451 Local error";
  }
}
