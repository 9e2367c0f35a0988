import * as Y from 'yjs';
import type { DecodedUpdate } from './relay-logic/decoded-update.ts';

/** What an update does that the rules do not allow; the message says which entry and why. */
export class Refusal extends Error {}
export const refuse = (reason: string): never => {
  throw new Refusal(reason);
};

export const idKey = (id: Y.ID) => `${id.client}:${id.clock}`;

/** Where an item sits: the path of map keys from the root down to its parent type, and its own key. */
export interface Place {
  path: string[];
  key: string | null;
}

/**
 * A client update's structs seen against a document, without applying anything: which are new
 * (what the document has already is skipped, as Yjs skips it), the items they refer to, and where
 * each sits. Methods rather than closures built per update: this runs for every update the relay
 * checks, and closures were a fifth of the cost.
 */
export class UpdateStructs {
  /** The new structs per client, in clock order. */
  readonly fresh = new Map<number, (Y.Item | Y.GC)[]>();
  /** The new items (not garbage), in the update's order. */
  readonly newItems: Y.Item[] = [];
  private readonly freshItems = new Set<Y.Item>();
  private readonly places = new Map<string, Place>();

  constructor(
    private readonly doc: Y.Doc,
    { structs }: DecodedUpdate,
  ) {
    for (const struct of structs) {
      const { client, clock } = struct.id;
      const known = this.known(client);
      if (clock + struct.length <= known) continue;
      let list = this.fresh.get(client);
      if (!list) this.fresh.set(client, (list = []));
      const end = list.at(-1);
      const expected = end ? end.id.clock + end.length : known;
      if (struct instanceof Y.Skip || clock > expected)
        refuse(`it depends on changes of client ${client} the relay does not have`);
      list.push(struct as Y.Item | Y.GC);
      if (struct instanceof Y.Item) {
        this.newItems.push(struct);
        this.freshItems.add(struct);
      }
    }
  }

  /** Refuses an update whose new items name a neighbour neither the document nor the update has. */
  checkNeighbours(): void {
    for (const item of this.newItems) {
      if (item.origin) this.lookup(item.origin);
      if (item.rightOrigin) this.lookup(item.rightOrigin);
    }
  }

  /** The document's next clock of a client: what it holds of that client ends there. */
  known(client: number): number {
    return Y.getState(this.doc.store, client);
  }

  /** The struct holding `id`, new or in the document; refused when neither has it. */
  lookup(id: Y.ID): Y.Item | Y.GC {
    const found =
      this.freshStruct(id) ?? (id.clock < this.known(id.client) ? Y.getItem(this.doc.store, id) : undefined);
    if (!found) refuse(`it refers to item ${idKey(id)}, which the relay does not have`);
    return found!;
  }

  /** Where an item sits, new or in the document (computed once per item). */
  placeOf(item: Y.Item): Place {
    const id = idKey(item.id);
    const cached = this.places.get(id);
    if (cached) return cached;
    let place: Place;
    if (!this.freshItems.has(item)) {
      place = { path: typePath(item.parent as Y.AbstractType<unknown>), key: item.parentSub };
    } else if (typeof item.parent === 'string') {
      place = { path: [item.parent], key: item.parentSub };
    } else if (item.parent instanceof Y.ID) {
      const holder = this.lookup(item.parent);
      if (!(holder instanceof Y.Item) || !(holder.content instanceof Y.ContentType))
        refuse(`item ${id} names a parent that is not a shared type`);
      const outer = this.placeOf(holder as Y.Item);
      if (outer.key === null) refuse('a shared type sits inside a list, which no Holdfast document has');
      place = { path: [...outer.path, outer.key!], key: item.parentSub };
    } else {
      // No parent written: it is the parent of the neighbour the item was inserted beside.
      const neighbour = item.origin ?? item.rightOrigin;
      if (!neighbour) refuse(`item ${id} has no parent`);
      const beside = this.lookup(neighbour!);
      if (!(beside instanceof Y.Item)) refuse(`item ${id} was inserted beside a removed one`);
      place = this.placeOf(beside as Y.Item);
    }
    this.places.set(id, place);
    return place;
  }

  private freshStruct(id: Y.ID): Y.Item | Y.GC | undefined {
    const list = this.fresh.get(id.client);
    if (!list) return undefined;
    for (const struct of list)
      if (struct.id.clock <= id.clock && id.clock < struct.id.clock + struct.length) return struct;
    return undefined;
  }
}

/** The path of map keys from the root down to a type the document already holds. */
function typePath(type: Y.AbstractType<unknown>): string[] {
  const item = type._item;
  if (item === null) return [rootName(type)];
  if (item.parentSub === null) refuse('a shared type sits inside a list, which no Holdfast document has');
  return [...typePath(item.parent as Y.AbstractType<unknown>), item.parentSub!];
}

/** Each document's root types by object, to their names (`doc.share` maps names to types only). */
const rootNames = new WeakMap<Y.Doc, Map<object, string>>();

/**
 * The name of a root type. `Y.findRootTypeKey` walks `doc.share` to it, and a document of orders
 * has a root per order with notes: typing into an order's notes would walk to that root on every
 * keystroke's update. The names are remembered per document instead; a root not met yet (one
 * received since, or a bare root `doc.getText` replaced by a text) costs the one walk Yjs would
 * have made, and every root passed on the way is remembered too. A replaced root's entry stays:
 * at most one per root, and roots are never removed from a document.
 */
function rootName(type: Y.AbstractType<unknown>): string {
  const doc = type.doc!;
  let names = rootNames.get(doc);
  if (!names) rootNames.set(doc, (names = new Map()));
  const known = names.get(type);
  if (known !== undefined) return known;
  for (const [name, root] of doc.share) {
    if (!names.has(root)) names.set(root, name);
    if (root === type) return name;
  }
  return refuse('an item sits in a type that is no root of the document');
}
