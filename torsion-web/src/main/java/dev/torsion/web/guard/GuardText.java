package dev.torsion.web.guard;

/** Checks shared by the schemes. */
final class GuardText {
  private GuardText() {}

  /** A realm goes inside a quoted-string: refuse quotes, backslashes and controls up front. */
  static String checkRealm(String realm) {
    if (realm.isEmpty() || realm.indexOf('"') >= 0 || realm.indexOf('\\') >= 0 || hasControl(realm)) {
      throw new IllegalArgumentException("a realm must be non-empty, without quotes, backslashes or controls: " + realm);
    }
    return realm;
  }

  static boolean hasControl(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return true;
      }
    }
    return false;
  }
}
