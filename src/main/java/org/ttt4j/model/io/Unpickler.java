package org.ttt4j.model.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * An allow-listed reader of the pickle protocol (0-5 opcodes that {@code torch.save} emits, as
 * binary opcodes only) that builds plain Java values and never runs anything: a pickle can name
 * only the globals of a state dict ({@link #ALLOWED}), and those are interpreted here by
 * ttt4j's own code. Any other global — {@code os.system}, {@code builtins.eval}, a model class —
 * is refused when the pickle names it, before any call could happen.
 *
 * <p>Python values become: None → null, bool → Boolean, int → Long, float → Double, str →
 * String, bytes → byte[], list → ArrayList, tuple → {@link Tuple}, dict/OrderedDict →
 * LinkedHashMap, a tensor → {@link TensorRef}, {@code argparse.Namespace} → {@link Inert}, a
 * numpy float or integer scalar → Double or Long (other numpy scalars → {@link Inert}).
 */
final class Unpickler {

  /** A Python tuple. */
  record Tuple(List<Object> items) {}

  /** A global that the allow-list accepted, as {@code module.name}. */
  record Global(String name) {}

  /** A storage as the persistent id names it: ('storage', type, key, location, numel). */
  record StorageRef(String type, String key, long numel) {}

  /** A tensor: a view (offset, size, stride) into a storage. */
  record TensorRef(StorageRef storage, long offset, long[] size, long[] stride) {}

  /** An object of an inert class (no code of it runs): its class name and attribute state. */
  record Inert(String className, Map<Object, Object> state) {}

  /** The globals a state-dict pickle may name. */
  static final Set<String> ALLOWED = Set.of(
      "collections.OrderedDict",
      "torch._utils._rebuild_tensor_v2",
      "torch._utils._rebuild_parameter",
      "argparse.Namespace",
      // numpy scalars (a checkpoint's best_acc = np.float64(...)), and the bytes they hold
      "numpy.core.multiarray.scalar", "numpy._core.multiarray.scalar", "numpy.dtype",
      "_codecs.encode",
      "torch.FloatStorage", "torch.HalfStorage", "torch.BFloat16Storage", "torch.DoubleStorage",
      "torch.LongStorage", "torch.IntStorage", "torch.ShortStorage", "torch.CharStorage",
      "torch.ByteStorage", "torch.BoolStorage");

  private final ByteBuffer in;
  private final String source;
  private final Function<Tuple, Object> persistentLoad;
  private final List<Object> stack = new ArrayList<>();
  private final List<Integer> marks = new ArrayList<>();
  private final Map<Long, Object> memo = new LinkedHashMap<>();

  private Unpickler(byte[] data, String source, Function<Tuple, Object> persistentLoad) {
    this.in = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    this.source = source;
    this.persistentLoad = persistentLoad;
  }

  /**
   * The object a pickle holds. {@code source} names it in errors; {@code persistentLoad} turns a
   * persistent id (a tuple) into an object.
   *
   * @throws UnsafePickleException for a global outside the allow-list or an opcode that builds
   *     arbitrary objects
   * @throws IllegalArgumentException for a malformed or truncated pickle
   */
  static Object load(byte[] data, String source, Function<Tuple, Object> persistentLoad) {
    try {
      return new Unpickler(data, source, persistentLoad).run();
    } catch (java.nio.BufferUnderflowException | IndexOutOfBoundsException e) {
      throw new IllegalArgumentException(source + " is truncated or not a pickle (it ends inside"
          + " an instruction); re-save the checkpoint", e);
    }
  }

  private Object run() {
    while (true) {
      int op = in.get() & 0xFF;
      switch (op) {
        case 0x80 -> in.get();                                           // PROTO n
        case 0x95 -> in.getLong();                                       // FRAME len
        case '.' -> {                                                    // STOP
          return pop();
        }
        case '(' -> marks.add(stack.size());                             // MARK
        case 'N' -> push(null);
        case 0x88 -> push(Boolean.TRUE);
        case 0x89 -> push(Boolean.FALSE);
        case 'J' -> push((long) in.getInt());                            // BININT
        case 'K' -> push((long) (in.get() & 0xFF));                      // BININT1
        case 'M' -> push((long) (in.getShort() & 0xFFFF));               // BININT2
        case 0x8a -> push(long1(in.get() & 0xFF));                       // LONG1
        case 'G' -> push(Double.longBitsToDouble(Long.reverseBytes(in.getLong()))); // BINFLOAT
        case 'X' -> push(string(in.getInt()));                           // BINUNICODE
        case 0x8c -> push(string(in.get() & 0xFF));                      // SHORT_BINUNICODE
        case 0x8d -> push(string(Math.toIntExact(in.getLong())));        // BINUNICODE8
        case 'T' -> push(bytes(in.getInt()));                            // BINSTRING
        case 'U' -> push(bytes(in.get() & 0xFF));                        // SHORT_BINSTRING
        case 'B' -> push(bytes(in.getInt()));                            // BINBYTES
        case 'C' -> push(bytes(in.get() & 0xFF));                        // SHORT_BINBYTES
        case '}' -> push(new LinkedHashMap<>());                         // EMPTY_DICT
        case ']' -> push(new ArrayList<>());                             // EMPTY_LIST
        case ')' -> push(new Tuple(List.of()));                          // EMPTY_TUPLE
        case 't' -> push(new Tuple(popMark()));                          // TUPLE
        case 0x85 -> push(new Tuple(List.of(pop())));                    // TUPLE1
        case 0x86 -> tupleOf(2);                                         // TUPLE2
        case 0x87 -> tupleOf(3);                                         // TUPLE3
        case 'l' -> push(new ArrayList<>(popMark()));                    // LIST
        case 'd' -> push(dictOf(popMark()));                             // DICT
        case 'a' -> append(List.of(pop()));                              // APPEND
        case 'e' -> append(popMark());                                   // APPENDS
        case 's' -> setItems(List.of(popAt(-2), pop()));                 // SETITEM
        case 'u' -> setItems(popMark());                                 // SETITEMS
        case 'q' -> memo.put((long) (in.get() & 0xFF), top());           // BINPUT
        case 'r' -> memo.put(in.getInt() & 0xFFFFFFFFL, top());          // LONG_BINPUT
        case 0x94 -> memo.put((long) memo.size(), top());                // MEMOIZE
        case 'h' -> push(memoGet(in.get() & 0xFF));                      // BINGET
        case 'j' -> push(memoGet(in.getInt() & 0xFFFFFFFFL));            // LONG_BINGET
        case '0' -> pop();                                               // POP
        case '2' -> push(top());                                         // DUP
        case 'c' -> push(global(line() + "." + line()));                 // GLOBAL
        case 0x93 -> stackGlobal();                                      // STACK_GLOBAL
        case 'Q' -> push(persistent(pop()));                             // BINPERSID
        case 'R' -> reduce();                                            // REDUCE
        case 0x81 -> newObj();                                           // NEWOBJ
        case 'b' -> build();                                             // BUILD
        default -> throw new UnsafePickleException(source + " uses pickle opcode 0x"
            + Integer.toHexString(op) + " at byte " + (in.position() - 1) + ", which a state"
            + " dict does not need (or a text-protocol pickle); nothing was executed. Re-save the"
            + " weights with torch.save(model.state_dict(), f)");
      }
    }
  }

  private Object global(String name) {
    if (!ALLOWED.contains(name)) {
      throw new UnsafePickleException(source + " refers to the global '" + name + "', which is"
          + " not allowed in a weights file (only tensors, storages, OrderedDict and plain"
          + " containers are); nothing was executed. If you trust the file, load it in Python"
          + " and re-save only the weights: torch.save(model.state_dict(), f)");
    }
    return new Global(name);
  }

  private void stackGlobal() {
    Object name = pop();
    Object module = pop();
    if (!(module instanceof String m) || !(name instanceof String n)) {
      throw new IllegalArgumentException(source + ": STACK_GLOBAL needs two strings");
    }
    push(global(m + "." + n));
  }

  private Object persistent(Object pid) {
    if (!(pid instanceof Tuple t)) {
      throw new IllegalArgumentException(source + ": a persistent id must be a tuple, got " + pid);
    }
    return persistentLoad.apply(t);
  }

  private void reduce() {
    Object args = pop();
    Object callable = pop();
    if (!(callable instanceof Global g) || !(args instanceof Tuple t)) {
      throw new UnsafePickleException(source + " applies " + describe(callable) + " to "
          + describe(args) + "; only allowed globals can be applied; nothing was executed");
    }
    List<Object> a = t.items();
    push(switch (g.name()) {
      case "collections.OrderedDict" -> a.isEmpty() ? new LinkedHashMap<>()
          : dictOf(pairs(a.get(0)));
      case "torch._utils._rebuild_tensor_v2" -> tensor(a);
      case "torch._utils._rebuild_parameter" -> a.get(0);
      case "_codecs.encode" -> latin1(a);
      case "numpy.dtype" -> new Inert(g.name(), new LinkedHashMap<>(Map.of("name",
          a.isEmpty() ? "?" : String.valueOf(a.get(0)))));
      case "numpy.core.multiarray.scalar", "numpy._core.multiarray.scalar" -> numpyScalar(a);
      default -> throw new UnsafePickleException(source + " calls '" + g.name() + "', which"
          + " can be named but not called in a weights file; nothing was executed");
    });
  }

  /** {@code _codecs.encode(s, 'latin1')}: how protocol 2 pickles bytes (of a numpy scalar). */
  private byte[] latin1(List<Object> a) {
    if (a.size() != 2 || !(a.get(0) instanceof String text)
        || !("latin1".equals(a.get(1)) || "latin-1".equals(a.get(1)))) {
      throw new UnsafePickleException(source + " calls '_codecs.encode' with " + a.size()
          + " arguments other than (text, 'latin1'); nothing was executed");
    }
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  /**
   * A numpy scalar ({@code scalar(dtype, bytes)}): a float or an integer of the common dtypes,
   * else kept as inert data. Only entries beside the state dict hold them (a best accuracy, an
   * epoch), and those are ignored, so nothing here needs more.
   */
  private Object numpyScalar(List<Object> a) {
    if (a.size() == 2 && a.get(0) instanceof Inert dtype && a.get(1) instanceof byte[] raw) {
      ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
      Object name = dtype.state().get("name");
      if ("f8".equals(name) && raw.length == 8) {
        return b.getDouble();
      }
      if ("f4".equals(name) && raw.length == 4) {
        return (double) b.getFloat();
      }
      if ("i8".equals(name) && raw.length == 8) {
        return b.getLong();
      }
      if ("i4".equals(name) && raw.length == 4) {
        return (long) b.getInt();
      }
    }
    return new Inert("numpy scalar", new LinkedHashMap<>());
  }

  private TensorRef tensor(List<Object> a) {
    if (a.size() < 4 || !(a.get(0) instanceof StorageRef s)) {
      throw new IllegalArgumentException(source + ": _rebuild_tensor_v2 needs (storage, offset,"
          + " size, stride, ...), got " + a.size() + " arguments");
    }
    return new TensorRef(s, asLong(a.get(1)), longs(a.get(2)), longs(a.get(3)));
  }

  private void newObj() {
    Object args = pop();
    Object cls = pop();
    if (cls instanceof Global g && g.name().equals("argparse.Namespace")) {
      push(new Inert(g.name(), new LinkedHashMap<>()));
      return;
    }
    throw new UnsafePickleException(source + " creates an object of " + describe(cls) + " with "
        + describe(args) + "; only argparse.Namespace may be created (as inert data); nothing"
        + " was executed");
  }

  @SuppressWarnings("unchecked")
  private void build() {
    Object state = pop();
    Object target = top();
    if (target instanceof Inert inert && state instanceof Map<?, ?> m) {
      inert.state().putAll((Map<Object, Object>) m);
    } else if (target instanceof Inert inert && inert.className().equals("numpy.dtype")
        && state instanceof Tuple t) {
      inert.state().put("state", t.items());         // byte order and flags: data, not code
    } else if (!(target instanceof Map<?, ?>)) {
      // an OrderedDict's state (e.g. a state dict's _metadata) is accepted and dropped
      throw new UnsafePickleException(source + " sets the state of " + describe(target)
          + "; only dictionaries and argparse.Namespace can take state; nothing was executed");
    }
  }

  // ---------------------------------------------------------------- stack helpers

  private void push(Object o) {
    stack.add(o);
  }

  private Object pop() {
    if (stack.isEmpty() || (!marks.isEmpty() && marks.get(marks.size() - 1) == stack.size())) {
      throw new IllegalArgumentException(source + ": the pickle pops an empty stack (corrupt)");
    }
    return stack.remove(stack.size() - 1);
  }

  private Object popAt(int fromTop) {
    return stack.remove(stack.size() + fromTop);
  }

  private Object top() {
    return stack.get(stack.size() - 1);
  }

  private List<Object> popMark() {
    if (marks.isEmpty()) {
      throw new IllegalArgumentException(source + ": the pickle closes a MARK it never opened");
    }
    int start = marks.remove(marks.size() - 1);
    List<Object> items = new ArrayList<>(stack.subList(start, stack.size()));
    stack.subList(start, stack.size()).clear();
    return items;
  }

  private void tupleOf(int n) {
    List<Object> items = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      items.add(0, pop());
    }
    push(new Tuple(items));
  }

  @SuppressWarnings("unchecked")
  private void append(List<Object> items) {
    if (!(top() instanceof List<?> list)) {
      throw new IllegalArgumentException(source + ": APPEND to " + describe(top()));
    }
    ((List<Object>) list).addAll(items);
  }

  @SuppressWarnings("unchecked")
  private void setItems(List<Object> kv) {
    if (!(top() instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(source + ": SETITEM on " + describe(top()));
    }
    for (int i = 0; i + 1 < kv.size(); i += 2) {
      ((Map<Object, Object>) map).put(kv.get(i), kv.get(i + 1));
    }
  }

  private Map<Object, Object> dictOf(List<Object> kv) {
    Map<Object, Object> m = new LinkedHashMap<>();
    for (int i = 0; i + 1 < kv.size(); i += 2) {
      m.put(kv.get(i), kv.get(i + 1));
    }
    return m;
  }

  private List<Object> pairs(Object items) {
    List<Object> kv = new ArrayList<>();
    if (items instanceof List<?> list) {
      for (Object pair : list) {
        if (pair instanceof Tuple t && t.items().size() == 2) {
          kv.addAll(t.items());
        }
      }
    }
    return kv;
  }

  private Object memoGet(long key) {
    if (!memo.containsKey(key)) {
      throw new IllegalArgumentException(source + ": the pickle reads memo entry " + key
          + " that was never stored (corrupt)");
    }
    return memo.get(key);
  }

  private String line() {
    StringBuilder sb = new StringBuilder();
    for (byte b = in.get(); b != '\n'; b = in.get()) {
      sb.append((char) (b & 0xFF));
    }
    return sb.toString();
  }

  private String string(int len) {
    byte[] b = bytes(len);
    return new String(b, StandardCharsets.UTF_8);
  }

  private byte[] bytes(int len) {
    if (len < 0 || len > in.remaining()) {
      throw new IllegalArgumentException(source + " declares a string of " + len + " bytes but "
          + in.remaining() + " remain; the pickle is truncated");
    }
    byte[] b = new byte[len];
    in.get(b);
    return b;
  }

  private long long1(int n) {
    if (n > 8) {
      throw new IllegalArgumentException(source + " holds an integer of " + n + " bytes; only"
          + " 64-bit integers are supported");
    }
    long v = 0;
    for (int i = 0; i < n; i++) {
      v |= (in.get() & 0xFFL) << (8 * i);
    }
    return n == 0 || n == 8 ? v : (v << (64 - 8 * n)) >> (64 - 8 * n);   // sign-extend
  }

  private long asLong(Object o) {
    if (o instanceof Long l) {
      return l;
    }
    throw new IllegalArgumentException(source + ": expected an integer, got " + describe(o));
  }

  private long[] longs(Object o) {
    if (!(o instanceof Tuple t)) {
      throw new IllegalArgumentException(source + ": expected a tuple of integers, got "
          + describe(o));
    }
    return t.items().stream().mapToLong(this::asLong).toArray();
  }

  private static String describe(Object o) {
    if (o instanceof Global g) {
      return "'" + g.name() + "'";
    }
    return o == null ? "None" : o.getClass().getSimpleName();
  }
}
