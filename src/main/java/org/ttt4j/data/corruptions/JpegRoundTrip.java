package org.ttt4j.data.corruptions;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOInvalidTreeException;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.plugins.jpeg.JPEGQTable;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import org.ttt4j.data.Image;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Baseline JPEG encode + decode with the JDK's libjpeg-based codec (spec §5.4): IJG-scaled
 * Annex K quantisation tables set explicitly, standard Huffman tables, 4:2:0 chroma for RGB (the
 * JDK writer's default for three-channel YCbCr), a single luminance component for grey (§8.3).
 */
final class JpegRoundTrip {
  private static final int[] LUMINANCE = {
    16, 11, 10, 16, 24, 40, 51, 61,
    12, 12, 14, 19, 26, 58, 60, 55,
    14, 13, 16, 24, 40, 57, 69, 56,
    14, 17, 22, 29, 51, 87, 80, 62,
    18, 22, 37, 56, 68, 109, 103, 77,
    24, 35, 55, 64, 81, 104, 113, 92,
    49, 64, 78, 87, 103, 121, 120, 101,
    72, 92, 95, 98, 112, 100, 103, 99
  };
  private static final int[] CHROMINANCE_TOP_LEFT = {
    17, 18, 24, 47,
    18, 21, 26, 66,
    24, 26, 56, 99,
    47, 66, 99, 99
  };

  private static final String NATIVE_FORMAT = "javax_imageio_jpeg_image_1.0";

  private JpegRoundTrip() {}

  /** Encodes at IJG quality {@code quality} (1..100) and decodes again; same shape. */
  static Image roundTrip(Image x, int quality) {
    return decode(encode(x, quality), x);
  }

  /** The two quantisation tables (luminance, chrominance) for a quality, natural order. */
  static JPEGQTable[] tables(int quality) {
    if (quality < 1 || quality > 100) {
      throw new IllegalArgumentException("JPEG quality must be in 1..100, got " + quality);
    }
    int[] chroma = new int[64];
    for (int i = 0; i < 64; i++) {
      int row = i / 8;
      int col = i % 8;
      chroma[i] = row < 4 && col < 4 ? CHROMINANCE_TOP_LEFT[row * 4 + col] : 99;
    }
    return new JPEGQTable[] {
      new JPEGQTable(scaled(LUMINANCE, quality)), new JPEGQTable(scaled(chroma, quality))
    };
  }

  /** The IJG rule: f = 5000/q below 50, else 200 - 2q; Q = clamp((T*f + 50)/100, 1, 255). */
  private static int[] scaled(int[] base, int quality) {
    int f = quality < 50 ? 5000 / quality : 200 - 2 * quality;
    int[] out = new int[64];
    for (int i = 0; i < 64; i++) {
      out[i] = Math.max(1, Math.min(255, (base[i] * f + 50) / 100));
    }
    return out;
  }

  static byte[] encode(Image x, int quality) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    BufferedImage img = toBuffered(x);
    // Tables set on a write param produce an abbreviated (table-less) stream, so the tables go
    // into the image metadata instead; its defaults already hold the standard Huffman tables.
    ImageWriteParam param = writer.getDefaultWriteParam();
    IIOMetadata metadata =
        writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(img), param);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
      setQuantisationTables(metadata, tables(quality));
      writer.setOutput(out);
      writer.write(null, new IIOImage(img, null, metadata), param);
    } catch (IOException e) {
      throw new UncheckedIOException("in-memory JPEG encoding failed", e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  /** Replaces the DQT tables of the JDK's native JPEG metadata (table id 0 luma, 1 chroma). */
  private static void setQuantisationTables(IIOMetadata metadata, JPEGQTable[] tables)
      throws IIOInvalidTreeException {
    Node tree = metadata.getAsTree(NATIVE_FORMAT);
    NodeList dqtables = ((Element) tree).getElementsByTagName("dqtable");
    if (dqtables.getLength() == 0) {
      throw new IllegalStateException("the JDK JPEG writer's default metadata has no DQT tables");
    }
    for (int i = 0; i < dqtables.getLength(); i++) {
      IIOMetadataNode table = (IIOMetadataNode) dqtables.item(i);
      int id = Integer.parseInt(table.getAttribute("qtableId"));
      table.setUserObject(tables[id]);
    }
    metadata.setFromTree(NATIVE_FORMAT, tree);
  }

  private static Image decode(byte[] jpeg, Image like) {
    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("jpeg");
    ImageReader reader = readers.next();
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(jpeg))) {
      reader.setInput(in);
      BufferedImage decoded = reader.read(0);
      return fromBuffered(decoded, like);
    } catch (IOException e) {
      throw new UncheckedIOException("in-memory JPEG decoding failed", e);
    } finally {
      reader.dispose();
    }
  }

  private static BufferedImage toBuffered(Image x) {
    int type = x.isGrey() ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR;
    BufferedImage img = new BufferedImage(x.width(), x.height(), type);
    byte[] data = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
    if (x.isGrey()) {
      System.arraycopy(x.pixels(), 0, data, 0, data.length);
    } else {
      byte[] p = x.pixels();
      for (int i = 0; i < p.length; i += 3) {
        data[i] = p[i + 2];
        data[i + 1] = p[i + 1];
        data[i + 2] = p[i];
      }
    }
    return img;
  }

  private static Image fromBuffered(BufferedImage img, Image like) {
    int expected = like.isGrey() ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR;
    if (img.getType() != expected || img.getWidth() != like.width()
        || img.getHeight() != like.height()) {
      throw new IllegalStateException(
          "the JDK JPEG decoder returned image type " + img.getType() + " of " + img.getWidth()
              + "x" + img.getHeight() + ", expected type " + expected + " of " + like.width()
              + "x" + like.height() + "; the JPEG round trip needs the standard JDK codec");
    }
    byte[] data = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
    byte[] out = new byte[like.size()];
    if (like.isGrey()) {
      System.arraycopy(data, 0, out, 0, out.length);
    } else {
      for (int i = 0; i < out.length; i += 3) {
        out[i] = data[i + 2];
        out[i + 1] = data[i + 1];
        out[i + 2] = data[i];
      }
    }
    return new Image(like.height(), like.width(), like.channels(), out);
  }
}
