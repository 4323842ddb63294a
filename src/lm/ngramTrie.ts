/**
 * N-gram counts in a trie stored in typed arrays. Node 0 is the empty n-gram (the root);
 * every other node is (parent node, word) and stands for the n-gram of its path from the
 * root. Children are found through one open-addressing hash table keyed on the pair
 * (parent, word) in an Int32Array, so there is no string or object per n-gram: a
 * million-token corpus of order 3 makes about 1.5 M nodes in ~40 MB and counts in well
 * under a second.
 *
 * Counting walks once from every start position i and bumps the n-grams
 * w_i, w_i w_{i+1}, …, w_i … w_{i+order−1}: each occurrence of each n-gram is counted
 * once, in O(order) hash probes per token.
 */
import { assertInteger, invalid } from "../validate";
import { sharedCopy } from "../parallel/sharedCopy";
import { ORDINARY_MEMORY, type ArrayAllocator } from "./sharedMemory";

const EMPTY = -1;

/** A finished trie as plain data: typed arrays (trimmed to its size) and its order. */
export interface NgramTrieArrays {
  order: number;
  size: number;
  parent: Int32Array;
  word: Int32Array;
  count: Int32Array;
  depth: Uint8Array;
  /** The hash table: (parent, word, child id) triples, a power-of-two number of them. */
  slots: Int32Array;
}

export class NgramTrie {
  readonly order: number;
  /** Number of nodes, root included. */
  size = 1;
  parent: Int32Array;
  word: Int32Array;
  /** Raw occurrence counts (the root's count is the number of tokens counted). */
  count: Int32Array;
  depth: Uint8Array;
  private slots: Int32Array;
  private mask: number;
  private readonly memory: ArrayAllocator;

  /** `memory`: SHARED_MEMORY builds a trie that `share()` hands out without a copy. */
  constructor(order: number, expectedNodes = 1024, memory: ArrayAllocator = ORDINARY_MEMORY) {
    assertInteger(order, "order", 1, 8);
    this.order = order;
    this.memory = memory;
    const cap = Math.max(16, expectedNodes);
    this.parent = memory.int32(cap);
    this.word = memory.int32(cap);
    this.count = memory.int32(cap);
    this.depth = memory.uint8(cap);
    this.parent[0] = -1;
    this.word[0] = -1;
    let slotCount = 16;
    while (slotCount < cap * 2) slotCount *= 2;
    this.slots = memory.int32(3 * slotCount).fill(EMPTY);
    this.mask = slotCount - 1;
  }

  /** The child of `node` by `word`, or −1. */
  child(node: number, word: number): number {
    if (node < 0) return -1;
    const mask = this.mask;
    const slots = this.slots;
    let h = hash(node, word) & mask;
    for (;;) {
      const at = 3 * h;
      const id = slots[at + 2];
      if (id === EMPTY) return -1;
      if (slots[at] === node && slots[at + 1] === word) return id;
      h = (h + 1) & mask;
    }
  }

  /** The child of `node` by `word`, created with count 0 when missing. */
  childOrCreate(node: number, word: number): number {
    const mask = this.mask;
    const slots = this.slots;
    let h = hash(node, word) & mask;
    for (;;) {
      const at = 3 * h;
      const id = slots[at + 2];
      if (id === EMPTY) break;
      if (slots[at] === node && slots[at + 1] === word) return id;
      h = (h + 1) & mask;
    }
    const id = this.size++;
    if (id >= this.parent.length) this.growNodes();
    this.parent[id] = node;
    this.word[id] = word;
    this.depth[id] = this.depth[node] + 1;
    slots[3 * h] = node;
    slots[3 * h + 1] = word;
    slots[3 * h + 2] = id;
    if (this.size * 2 > mask + 1) this.rehash();
    return id;
  }

  /**
   * The trie's arrays in shared memory, for worker threads (./sharedMemory.ts): copies
   * trimmed to its size, or views of its own arrays when it was built in shared memory.
   * The trie must not be added to afterwards.
   */
  share(): NgramTrieArrays {
    const n = this.size;
    return {
      order: this.order,
      size: n,
      parent: sharedCopy(this.parent.subarray(0, n)),
      word: sharedCopy(this.word.subarray(0, n)),
      count: sharedCopy(this.count.subarray(0, n)),
      depth: sharedCopy(this.depth.subarray(0, n)),
      slots: sharedCopy(this.slots),
    };
  }

  /** A read-only view of arrays from `share()`, without copying them. */
  static fromArrays(a: NgramTrieArrays): NgramTrie {
    const slotCount = a.slots.length / 3;
    if (!(slotCount >= 16 && (slotCount & (slotCount - 1)) === 0)) invalid("slots.length", "3 × a power of two ≥ 16", a.slots.length);
    for (const key of ["parent", "word", "count", "depth"] as const) {
      if (a[key].length !== a.size) invalid(`${key}.length`, `${a.size} (the trie's size)`, a[key].length);
    }
    const trie = new NgramTrie(a.order, 16);
    trie.size = a.size;
    trie.parent = a.parent;
    trie.word = a.word;
    trie.count = a.count;
    trie.depth = a.depth;
    trie.slots = a.slots;
    trie.mask = slotCount - 1;
    return trie;
  }

  /** Counts every n-gram (orders 1 … order) of a token stream. */
  addStream(tokens: ArrayLike<number>): void {
    const n = tokens.length;
    const order = this.order;
    for (let i = 0; i < n; i++) {
      let node = 0;
      const end = Math.min(n, i + order);
      for (let j = i; j < end; j++) {
        const w = tokens[j];
        if (!(w >= 0) || (w | 0) !== w) invalid(`tokens[${j}]`, "a non-negative integer token id", w);
        node = this.childOrCreate(node, w);
        this.count[node]++;
      }
    }
    this.count[0] += n;
  }

  private growNodes(): void {
    const cap = this.parent.length * 2;
    const grow = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(cap);
      b.set(a);
      return b;
    };
    this.parent = grow(this.parent, this.memory.int32);
    this.word = grow(this.word, this.memory.int32);
    this.count = grow(this.count, this.memory.int32);
    this.depth = grow(this.depth, this.memory.uint8);
  }

  private rehash(): void {
    const slotCount = (this.mask + 1) * 2;
    const slots = this.memory.int32(3 * slotCount).fill(EMPTY);
    const mask = slotCount - 1;
    for (let id = 1; id < this.size; id++) {
      let h = hash(this.parent[id], this.word[id]) & mask;
      while (slots[3 * h + 2] !== EMPTY) h = (h + 1) & mask;
      slots[3 * h] = this.parent[id];
      slots[3 * h + 1] = this.word[id];
      slots[3 * h + 2] = id;
    }
    this.slots = slots;
    this.mask = mask;
  }
}

/** 32-bit mix of the (parent, word) pair (murmur3-style finaliser). */
function hash(node: number, word: number): number {
  let h = Math.imul(node, 0x9e3779b1) ^ Math.imul(word + 0x7f4a7c15, 0x85ebca77);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 13;
  return h >>> 0;
}
