package org.ttt4j.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An ImageNet-C style tree {@code root/<corruption>/<level>/<class>/<image>}: lists the
 * (corruption, level) parts it holds and opens each as an {@link ImageFolder}.
 */
public final class ImageNetCTree {

  /** One corrupted subset and the folder that holds it. */
  public record Part(String corruption, int level, Path dir) {}

  private final Path root;
  private final List<Part> parts;

  private ImageNetCTree(Path root, List<Part> parts) {
    this.root = root;
    this.parts = parts;
  }

  /** Lists the tree; level folders must be named 1..5. */
  public static ImageNetCTree open(Path root) {
    List<Part> parts = new ArrayList<>();
    for (Path c : ImageFolder.list(root)) {
      if (!Files.isDirectory(c)) {
        continue;
      }
      for (Path l : ImageFolder.list(c)) {
        if (!Files.isDirectory(l)) {
          continue;
        }
        String name = l.getFileName().toString();
        if (!name.matches("[1-5]")) {
          throw new MalformedDataException(l, "level folder '" + name + "' is not 1..5",
              "lay the tree out as root/<corruption>/<level 1..5>/<class>/<image>");
        }
        parts.add(new Part(c.getFileName().toString(), Integer.parseInt(name), l));
      }
    }
    if (parts.isEmpty()) {
      throw new MalformedDataException(root, "holds no <corruption>/<level> folders",
          "lay the tree out as root/<corruption>/<level 1..5>/<class>/<image>");
    }
    return new ImageNetCTree(root, List.copyOf(parts));
  }

  /** The parts, sorted by corruption name then level. */
  public List<Part> parts() {
    return parts;
  }

  /** The images of one part; an absent part is an error that lists what exists. */
  public ImageFolder open(String corruption, int level) {
    for (Part p : parts) {
      if (p.corruption().equals(corruption) && p.level() == level) {
        return ImageFolder.open(p.dir());
      }
    }
    throw new MalformedDataException(root.resolve(corruption).resolve(Integer.toString(level)),
        "no such part", "available: " + parts.stream().map(p -> p.corruption() + "/" + p.level()).toList());
  }

  public Path root() {
    return root;
  }
}
