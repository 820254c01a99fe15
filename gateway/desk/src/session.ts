// Who is calling, in one place. Today the reader names themselves (the annotation-request service reads the
// X-FedBus-Reader header); with sign-in (issue 11, section 3) a Credentials that sends `Authorization: Bearer <jwt>`
// replaces ReaderHeader here and every request of the desk — worklist and DICOMweb — carries it.

export interface Credentials {
  /** A short name for the header bar. */
  readonly displayName: string;
  /** Headers added to every request the desk sends. */
  headers(): Record<string, string>;
}

export const readerHeader = 'X-FedBus-Reader';
const storageKey = 'fedbus.desk.reader';
const readerPattern = /^[A-Za-z0-9._@-]{1,128}$/;

class ReaderHeader implements Credentials {
  constructor(readonly displayName: string) {}
  headers(): Record<string, string> {
    return { [readerHeader]: this.displayName };
  }
}

let current: Credentials | null = null;

export function credentials(): Credentials | null {
  if (current) return current;
  const stored = localStorage.getItem(storageKey);
  if (stored && readerPattern.test(stored)) current = new ReaderHeader(stored);
  return current;
}

/** Signs in as a reader; returns an error sentence when the id cannot be used. */
export function signIn(readerId: string): string | null {
  const id = readerId.trim();
  if (!readerPattern.test(id)) return 'A reader id is 1 to 128 letters, digits, ".", "_", "@" or "-".';
  localStorage.setItem(storageKey, id);
  current = new ReaderHeader(id);
  return null;
}

export function signOut(): void {
  localStorage.removeItem(storageKey);
  current = null;
}
