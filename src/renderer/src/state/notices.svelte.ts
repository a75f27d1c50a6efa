/**
 * The one place the app tells the user how things went: a confirmation goes
 * away by itself; an error stays until dismissed or until the same thing
 * succeeds; a new message about a topic replaces the old one.
 */
export interface Notice {
  readonly id: number;
  readonly kind: 'success' | 'error';
  readonly text: string;
  /** what it is about ("data", "model", "run"…): a newer message about it replaces this one */
  readonly topic: string;
}

/** How long a confirmation stays. */
export const CONFIRMATION_MS = 6000;

class Notices {
  list = $state.raw<Notice[]>([]);
  private nextId = 1;

  /** A confirmation, shown for a few seconds. */
  confirm(text: string, topic = 'general'): void {
    const notice = this.add('success', text, topic);
    setTimeout(() => this.dismiss(notice.id), CONFIRMATION_MS);
  }

  /** An error, shown until dismissed or resolved. */
  fail(text: string, topic = 'general'): void {
    this.add('error', text, topic);
  }

  /** The thing went well this time: its old error goes. */
  resolve(topic: string): void {
    this.list = this.list.filter((n) => !(n.topic === topic && n.kind === 'error'));
  }

  dismiss(id: number): void {
    this.list = this.list.filter((n) => n.id !== id);
  }

  private add(kind: Notice['kind'], text: string, topic: string): Notice {
    const notice = { id: this.nextId++, kind, text, topic };
    this.list = [...this.list.filter((n) => n.topic !== topic), notice];
    return notice;
  }
}

export const notices = new Notices();
