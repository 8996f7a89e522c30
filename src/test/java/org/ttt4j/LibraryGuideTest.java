package org.ttt4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDManager;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ttt4j.data.Dataset;
import org.ttt4j.data.FashionMnist;
import org.ttt4j.data.Image;
import org.ttt4j.data.ImageFiles;
import org.ttt4j.data.LabeledImage;
import org.ttt4j.data.Resize;
import org.ttt4j.data.Split;
import org.ttt4j.data.corruptions.CorruptedDataset;
import org.ttt4j.data.corruptions.Corruption;
import org.ttt4j.data.corruptions.Severity;
import org.ttt4j.eval.Accuracy;
import org.ttt4j.eval.Evaluation;
import org.ttt4j.eval.StreamSpec;
import org.ttt4j.eval.Streams;
import org.ttt4j.eval.Summary;
import org.ttt4j.model.Checkpoint;
import org.ttt4j.model.YShapedVit;
import org.ttt4j.tensor.MallocTuning;
import org.ttt4j.tensor.MklDispatch;
import org.ttt4j.ttt.Adapter;
import org.ttt4j.ttt.Prediction;
import org.ttt4j.ttt.Sample;
import org.ttt4j.ttt.Strategy;
import org.ttt4j.ttt.TttConfig;

/**
 * The code of docs/LIBRARY.md ("Using ttt4j from Java"). Every {@code java} block of the guide is
 * this file's DJL and ttt4j imports or one of the static methods below, verbatim, and the {@code
 * text} block under a method is what it prints (decimals within one unit of their last digit):
 * edit the two together, or {@link #theGuideShowsThisClassesCodeVerbatim} and the output checks
 * fail. The tests run the snippets on the shipped model and real Fashion-MNIST test images, and
 * check what the guide promises about them.
 */
class LibraryGuideTest {

  private static final Path GUIDE = Path.of("docs", "LIBRARY.md");
  private static final Path SOURCE = Path.of("src", "test", "java", "org", "ttt4j",
      "LibraryGuideTest.java");

  private static NDManager manager;
  private static YShapedVit model;
  private static Dataset test;

  @TempDir Path dir;

  // ---- the guide's code, in the guide's order ---------------------------------------------

  static void classifyOneImage() {
    MklDispatch.install();     // once, before the first NDManager: MKL's AVX2 kernels on AMD
    MallocTuning.install();    // glibc keeps freed memory: fewer page faults per step
    Dataset test = FashionMnist.load(Split.TEST);   // /usr/share/datasets/fashion-mnist
    LabeledImage first = test.get(0);
    try (NDManager manager = NDManager.newBaseManager();
        YShapedVit model = Checkpoint.load(Path.of("models/fmnist-tiny/model.safetensors"),
            manager)) {
      int predicted = Accuracy.predict(model, List.of(first.image()))[0];   // eval mode
      System.out.println("predicted " + test.classNames().get(predicted) + ", labelled "
          + test.classNames().get(first.label()));
    }
  }

  static Image corruptOneImage(Dataset test, Path png) {
    List<Corruption> benchmark = Corruption.benchmark();           // the 15 of ImageNet-C
    System.out.println(benchmark.size() + " corruptions, e.g. " + benchmark.get(0).id());
    Corruption fog = Corruption.parse("fog");                       // or Corruption.FOG
    Image clean = test.get(0).image();
    Image foggy = fog.apply(clean, Severity.of(5), 0, 0);          // root seed 0, image index 0
    ImageFiles.writePng(png, foggy);
    Dataset foggyTest = new CorruptedDataset(test, fog, Severity.of(5), 0);   // lazily, per image
    System.out.println(foggyTest.size() + " foggy test images; image 0 is the one above: "
        + Arrays.equals(foggy.pixels(), foggyTest.get(0).image().pixels()));
    return foggy;
  }

  static List<Prediction> standardTtt(YShapedVit model, Dataset test) {
    List<Sample> samples = Streams.separate(test, Corruption.FOG, 5, 4, 0);   // images 0-3, fog:5
    Strategy standard = new Strategy.Standard(3);                  // K = 3 steps per image
    TttConfig config = TttConfig.validated(standard).config(0);    // B = 32, lr 4e-2, mask 0.9
    List<Prediction> out = new ArrayList<>();
    try (Adapter adapter = new Adapter(model, config)) {
      standard.run(samples, adapter, out::add);     // back to the loaded weights after each image
    }
    for (Prediction p : out) {
      int k = p.losses().length;
      System.out.printf("label %d: predictions %s, confidence %.2f -> %.2f, loss %.3f -> %.3f%n",
          p.label(), Arrays.toString(p.predictions()), p.confidences()[0], p.confidences()[k],
          p.losses()[0], p.losses()[k - 1]);
    }
    return out;
  }

  static List<Prediction> onlineTtt(YShapedVit model, Dataset test, Path adapted) {
    List<Sample> stream = Streams.separate(test, Corruption.FOG, 5, 8, 0);    // images 0-7, fog:5
    Strategy online = new Strategy.Online(1, false);               // 1 step per image, no reset
    TttConfig config = TttConfig.validated(online).config(0);      // B = 8, lr 1e-2, mask 0.75
    List<Prediction> out = new ArrayList<>();
    try (Adapter adapter = new Adapter(model, config)) {
      online.run(stream, adapter, out::add);
      Checkpoint.save(model, adapted, Map.of("adapted", "online TTT on 8 fog:5 test images"));
    }                                               // close() gives back the loaded weights
    System.out.println("labels      " + out.stream().map(Prediction::label).toList());
    System.out.println("predictions " + out.stream().map(Prediction::finalPrediction).toList());
    System.out.println("losses      "
        + out.stream().map(p -> String.format("%.3f", p.losses()[0])).toList());
    return out;
  }

  static Summary evaluate(YShapedVit model, Dataset test, Path runDir) {
    StreamSpec spec = new StreamSpec(StreamSpec.Kind.SEPARATE,
        List.of(Corruption.FOG, Corruption.CONTRAST), 5, 10, 0);  // images 0-9 of each, level 5
    Strategy online = new Strategy.Online(1, false);
    List<Evaluation.Record> records;
    try (Adapter adapter = new Adapter(model, TttConfig.validated(online).config(0))) {
      records = Evaluation.run(spec.build(test), online, adapter, runDir, r -> { });
    }                                               // runDir/records.jsonl: one line per image
    Summary summary = Summary.of("online", records);
    summary.byCorruption().forEach((cell, c) -> System.out.printf(
        "%s: %d of %d, %.1f %% [%.1f, %.1f]%n", cell, c.correct(), c.total(), 100 * c.top1(),
        100 * c.low(), 100 * c.high()));
    return summary;
  }

  static void mistakes(Dataset test) {
    Image photo = Image.blank(32, 32, 1);                          // not the model's 28x28
    YShapedVit closed;
    try (NDManager manager = NDManager.newBaseManager();
        YShapedVit model = Checkpoint.load(Path.of("models/fmnist-tiny/model.safetensors"),
            manager)) {
      try {
        Accuracy.predict(model, List.of(photo));
      } catch (IllegalArgumentException e) {
        System.out.println(e.getMessage());
      }
      Image fits = Resize.resize(photo, 28, 28, Resize.Interpolation.BILINEAR);
      System.out.println("resized: class " + Accuracy.predict(model, List.of(fits))[0]);
      closed = model;
    }                                               // the model's weights are freed here
    try {
      Accuracy.predict(closed, List.of(test.get(0).image()));
    } catch (IllegalStateException e) {
      System.out.println(e.getMessage());
    }
  }

  // ---- the tests -----------------------------------------------------------------------------

  @BeforeAll
  static void loadTheShippedModel() {
    if (FashionMnist.isInstalled()) {
      test = FashionMnist.load(Split.TEST);
    }
    manager = NDManager.newBaseManager();
    model = Checkpoint.load(Path.of("models/fmnist-tiny/model.safetensors"), manager);
  }

  @AfterAll
  static void close() {
    model.close();
    manager.close();
  }

  @Test
  void theGuideShowsThisClassesCodeVerbatim() throws IOException {
    String source = Files.readString(SOURCE);
    List<String> blocks = blocks("java");
    for (String method : List.of("classifyOneImage", "corruptOneImage", "standardTtt",
        "onlineTtt", "evaluate", "mistakes")) {
      assertTrue(blocks.stream().anyMatch(b -> declares(b, method)), "the guide shows " + method);
    }
    // the imports block: this file's imports of DJL and ttt4j, all of them, in order
    String imports = source.lines()
        .filter(l -> l.startsWith("import ai.djl.") || l.startsWith("import org.ttt4j."))
        .reduce((a, b) -> a + "\n" + b).orElse("");
    assertEquals(1, blocks.stream().filter(b -> b.startsWith("import ")).count(),
        "one imports block");
    assertEquals(imports, blocks.stream().filter(b -> b.startsWith("import ")).findFirst()
        .orElse(""), "the guide's imports");
    for (String block : blocks) {
      if (block.startsWith("import ")) {
        continue;
      }
      String indented = block.lines().map(l -> l.isEmpty() ? l : "  " + l)
          .reduce((a, b) -> a + "\n" + b).orElse("");
      assertTrue(source.contains(indented), "not in LibraryGuideTest, verbatim:\n" + block);
    }
  }

  @Test
  void theCliLoggingBackendIsNotForcedOnLibraryUsers() throws Exception {
    org.w3c.dom.Document pom = javax.xml.parsers.DocumentBuilderFactory.newInstance()
        .newDocumentBuilder().parse(Path.of("pom.xml").toFile());
    org.w3c.dom.NodeList deps = pom.getElementsByTagName("dependency");
    Map<String, String> simple = null;
    for (int i = 0; i < deps.getLength(); i++) {
      Map<String, String> fields = new LinkedHashMap<>();
      org.w3c.dom.NodeList children = deps.item(i).getChildNodes();
      for (int j = 0; j < children.getLength(); j++) {
        fields.put(children.item(j).getNodeName(), children.item(j).getTextContent().strip());
      }
      if ("slf4j-simple".equals(fields.get("artifactId"))) {
        simple = fields;
      }
    }
    assertTrue(simple != null, "pom.xml declares the CLI's backend, slf4j-simple");
    // a project depending on ttt4j does not inherit an optional dependency; the launcher's
    // target/lib (runtime scope) and the jar's Class-Path still have it
    assertEquals("true", simple.get("optional"), "slf4j-simple is optional: " + simple);
    assertEquals("runtime", simple.get("scope"), "and on the CLI's runtime class path: " + simple);
    String guide = Files.readString(GUIDE);
    assertFalse(guide.contains("<exclusion>"), "nothing of ttt4j's needs excluding");
    assertTrue(blocks("xml").contains("<dependency>\n  <groupId>org.slf4j</groupId>\n"
        + "  <artifactId>slf4j-simple</artifactId>\n  <version>" + simple.get("version")
        + "</version>\n</dependency>"), "the guide adds the CLI's backend at pom.xml's version");
  }

  @Test
  void classifyOneImagePrintsWhatTheGuideSays() throws IOException {
    assumeTrue(FashionMnist.isInstalled(), "needs the Fashion-MNIST package");
    String printed = printed(LibraryGuideTest::classifyOneImage);
    assertPrintsAsTheGuideSays("classifyOneImage", printed);
    assertEquals("predicted Ankle boot, labelled Ankle boot", printed.strip());
  }

  @Test
  void classifyGivesAValidClassAndLeavesNoArrayBehind() {
    assumeTrue(FashionMnist.isInstalled(), "needs the Fashion-MNIST package");
    int live = manager.getManagedArrays().size();
    int correct = 0;
    for (int i = 0; i < 20; i++) {
      int predicted = Accuracy.predict(model, List.of(test.get(i).image()))[0];
      assertTrue(predicted >= 0 && predicted < 10, "class " + predicted);
      correct += predicted == test.get(i).label() ? 1 : 0;
    }
    assertTrue(correct >= 16, "a 90 % model gets most of 20 clean images right: " + correct);
    assertEquals(live, manager.getManagedArrays().size(), "every array of predict is freed");
  }

  @Test
  void corruptOneImageChangesTheImageAsTtt4jCorruptWould() throws IOException {
    assumeTrue(FashionMnist.isInstalled(), "needs the Fashion-MNIST package");
    Path png = dir.resolve("fog5.png");
    Image[] foggy = new Image[1];
    String printed = printed(() -> foggy[0] = corruptOneImage(test, png));
    assertPrintsAsTheGuideSays("corruptOneImage", printed);
    Image clean = test.get(0).image();
    assertEquals(clean.size(), foggy[0].size());
    assertFalse(Arrays.equals(clean.pixels(), foggy[0].pixels()), "fog changed the image");
    assertArrayEquals(foggy[0].pixels(), ImageFiles.read(png).pixels(), "the PNG is the image");
    assertTrue(printed.contains("is the one above: true"), printed);
  }

  @Test
  void standardTttRecordsEveryStepAndLeavesTheWeightsBitwiseEqual() throws IOException {
    assumeTrue(FashionMnist.isInstalled(), "needs the Fashion-MNIST package");
    Map<String, float[]> before = weights(model);
    List<Prediction> out = new ArrayList<>();
    String printed = printed(() -> out.addAll(standardTtt(model, test)));
    assertPrintsAsTheGuideSays("standardTtt", printed);
    assertEquals(4, out.size());
    for (Prediction p : out) {
      assertEquals(4, p.predictions().length, "before any step and after each of 3");
      assertEquals(4, p.confidences().length);
      assertEquals(3, p.losses().length);
      for (int c : p.predictions()) {
        assertTrue(c >= 0 && c < 10, "class " + c);
      }
    }
    assertWeightsEqual(before, weights(model));
    // the reset between images: each image's step-0 prediction is the loaded model's own
    List<Sample> samples = Streams.separate(test, Corruption.FOG, 5, 4, 0);
    try (Adapter fixed = new Adapter(model, TttConfig.validated(new Strategy.Fixed()).config(0))) {
      for (int i = 0; i < samples.size(); i++) {
        Adapter.Guess g = fixed.guess(samples.get(i).image());
        assertEquals(g.label(), out.get(i).predictions()[0], "image " + i);
        assertEquals(g.confidence(), out.get(i).confidences()[0], 0f, "image " + i);
      }
    }
  }

  @Test
  void onlineTttSavesTheAdaptedModelAndGivesTheLoadedOneBack() throws IOException {
    assumeTrue(FashionMnist.isInstalled(), "needs the Fashion-MNIST package");
    Map<String, float[]> before = weights(model);
    Path adapted = dir.resolve("adapted.safetensors");
    List<Prediction> out = new ArrayList<>();
    String printed = printed(() -> out.addAll(onlineTtt(model, test, adapted)));
    assertPrintsAsTheGuideSays("onlineTtt", printed);
    assertEquals(8, out.size());
    out.forEach(p -> assertEquals(1, p.predictions().length, "one prediction, after the step"));
    out.forEach(p -> assertEquals(1, p.losses().length, "one step per image"));
    assertWeightsEqual(before, weights(model));
    // what the guide says of it: the loaded model gets 2 of these 8 right, online TTT 3
    List<Sample> stream = Streams.separate(test, Corruption.FOG, 5, 8, 0);
    int fixedCorrect = 0;
    for (Sample s : stream) {
      fixedCorrect += Accuracy.predict(model, List.of(s.image()))[0] == s.label() ? 1 : 0;
    }
    assertEquals(2, fixedCorrect, "the loaded model on fog:5 images 0-7");
    assertEquals(3, out.stream().filter(Prediction::correct).count(), "online TTT on them");
    try (NDManager m = NDManager.newBaseManager();
        YShapedVit saved = Checkpoint.load(adapted, m)) {
      Map<String, float[]> after = weights(saved);
      assertTrue(after.keySet().containsAll(List.of("blocks.0.attn.qkv.weight", "head.fc.weight",
          "decoder_pred.weight")), "the names checked below: " + after.keySet());
      assertFalse(Arrays.equals(before.get("blocks.0.attn.qkv.weight"),
          after.get("blocks.0.attn.qkv.weight")), "online TTT changed the encoder");
      assertArrayEquals(before.get("head.fc.weight"), after.get("head.fc.weight"),
          "the head is frozen");
      assertArrayEquals(before.get("decoder_pred.weight"), after.get("decoder_pred.weight"),
          "the decoder is frozen");
      assertEquals("online TTT on 8 fog:5 test images",
          Checkpoint.metadata(adapted).get("adapted"));
    }
  }

  @Test
  void evaluateWritesOneRecordPerImageAndSummarisesThem() throws IOException {
    assumeTrue(FashionMnist.isInstalled(), "needs the Fashion-MNIST package");
    Path run = dir.resolve("run");
    Summary[] summary = new Summary[1];
    String printed = printed(() -> summary[0] = evaluate(model, test, run));
    assertPrintsAsTheGuideSays("evaluate", printed);
    assertEquals(List.of("fog:5", "contrast:5"), List.copyOf(summary[0].byCorruption().keySet()));
    List<String> lines = Files.readAllLines(run.resolve("records.jsonl"));
    assertEquals(20, lines.size(), "one record per image");
    assertFalse(Files.exists(run.resolve("state.safetensors")), "complete: nothing to resume");
    int correct = 0;
    for (String line : lines) {
      Evaluation.Record r = org.ttt4j.provenance.JsonFiles.fromJson(line, Evaluation.Record.class);
      correct += r.correct() ? 1 : 0;
    }
    int summarised = summary[0].byCorruption().values().stream().mapToInt(Summary.Cell::correct)
        .sum();
    assertEquals(correct, summarised, "the summary counts the records");
  }

  @Test
  void mistakesAreRefusedWithWhatToDo() throws IOException {
    assumeTrue(FashionMnist.isInstalled(), "needs the Fashion-MNIST package");
    String printed = printed(() -> mistakes(test));
    assertPrintsAsTheGuideSays("mistakes", printed);
    assertTrue(printed.contains("input images are 32x32"), printed);
    assertTrue(printed.contains("was closed"), printed);
    assertFalse(printed.contains("NDManager has been closed already"), "DJL's own words");
  }

  // ---- helpers ---------------------------------------------------------------------------------

  /** What {@code body} prints to System.out. */
  private static String printed(Runnable body) {
    PrintStream original = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      body.run();
    } finally {
      System.setOut(original);
    }
    String out = bytes.toString(StandardCharsets.UTF_8);
    original.print(out);
    return out;
  }

  /** The fenced blocks of the guide in {@code language}, in order. */
  private static List<String> blocks(String language) throws IOException {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("(?ms)^```" + language + "\\n(.*?)^```$")
        .matcher(Files.readString(GUIDE));
    while (m.find()) {
      out.add(m.group(1).stripTrailing());
    }
    return out;
  }

  /**
   * The guide's {@code text} block right after the java block that declares {@code method}
   * matches {@code printed}: the same words and integers, decimals within one unit of their last
   * printed digit (another CPU or thread count rounds the model's arithmetic differently).
   */
  private static void assertPrintsAsTheGuideSays(String method, String printed) throws IOException {
    String guide = Files.readString(GUIDE);
    Matcher m = Pattern.compile(
        "(?ms)^```java\\n(.*?)^```\\n((?:(?!^```).)*?)^```text\\n(.*?)^```$").matcher(guide);
    String expected = null;
    while (m.find()) {
      if (declares(m.group(1), method)) {
        expected = m.group(3);
      }
    }
    assertTrue(expected != null, "no output block under " + method + " in " + GUIDE);
    Pattern decimal = Pattern.compile("-?\\d+\\.\\d+");
    String[] wordsExpected = decimal.split(expected.strip(), -1);
    String[] wordsPrinted = decimal.split(printed.strip(), -1);
    assertEquals(Arrays.asList(wordsExpected), Arrays.asList(wordsPrinted),
        method + " prints, apart from decimals:\n" + printed + "the guide says:\n" + expected);
    Matcher e = decimal.matcher(expected);
    Matcher p = decimal.matcher(printed);
    while (e.find() && p.find()) {
      String want = e.group();
      int digits = want.length() - want.indexOf('.') - 1;
      assertEquals(Double.parseDouble(want), Double.parseDouble(p.group()),
          Math.pow(10, -digits) + 1e-9, method + " prints " + p.group() + " where the guide says "
              + want + ":\n" + printed);
    }
  }

  /** Whether a block of the guide declares the static method {@code method}. */
  private static boolean declares(String block, String method) {
    return Pattern.compile("(?m)^static \\S+ " + method + "\\(").matcher(block).find();
  }

  private static Map<String, float[]> weights(YShapedVit m) {
    Map<String, float[]> out = new LinkedHashMap<>();
    m.weights().all().forEach((k, v) -> out.put(k, v.toFloatArray()));
    return out;
  }

  private static void assertWeightsEqual(Map<String, float[]> want, Map<String, float[]> got) {
    assertEquals(want.keySet(), got.keySet());
    want.forEach((k, v) -> assertArrayEquals(v, got.get(k), k + " bitwise"));
  }
}
