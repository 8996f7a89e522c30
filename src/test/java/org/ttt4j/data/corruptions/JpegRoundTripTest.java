package org.ttt4j.data.corruptions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.plugins.jpeg.JPEGQTable;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ttt4j.data.Image;
import org.w3c.dom.NodeList;

/** The encoded stream carries exactly what spec §5.4 asks for. */
class JpegRoundTripTest {

  @ParameterizedTest
  @ValueSource(ints = {7, 25, 40, 50, 58, 65, 80})
  void colourStreamHasSpecTablesAnd420Subsampling(int quality) throws IOException {
    IIOMetadataNode tree = metadata(JpegRoundTrip.encode(SyntheticImages.colour(32, 1), quality));
    assertTables(tree, quality, 2);
    NodeList components = tree.getElementsByTagName("componentSpec");
    assertEquals(3, components.getLength());
    assertSampling(components, 0, "2");
    assertSampling(components, 1, "1");
    assertSampling(components, 2, "1");
  }

  @ParameterizedTest
  @ValueSource(ints = {40, 80})
  void greyStreamIsOneComponentWithTheLuminanceTable(int quality) throws IOException {
    IIOMetadataNode tree = metadata(JpegRoundTrip.encode(SyntheticImages.grey(28, 1), quality));
    assertEquals(1, tree.getElementsByTagName("componentSpec").getLength());
    assertTables(tree, quality, 1);
  }

  @ParameterizedTest
  @ValueSource(ints = {40, 80})
  void decodedImageIsCloseToTheInput(int quality) {
    Image x = SyntheticImages.colour(64, 2);
    Image y = JpegRoundTrip.roundTrip(x, quality);
    double psnr = CorruptionStatistics.psnr(x, y);
    assertTrue(psnr > 15 && psnr < 60, "psnr " + psnr);
  }

  private static void assertTables(IIOMetadataNode tree, int quality, int expectedCount) {
    NodeList tables = tree.getElementsByTagName("dqtable");
    assertEquals(expectedCount, tables.getLength());
    JPEGQTable[] expected = JpegRoundTrip.tables(quality);
    for (int i = 0; i < tables.getLength(); i++) {
      IIOMetadataNode t = (IIOMetadataNode) tables.item(i);
      int id = Integer.parseInt(t.getAttribute("qtableId"));
      assertArrayEquals(expected[id].getTable(), ((JPEGQTable) t.getUserObject()).getTable(),
          "table " + id + " at quality " + quality);
    }
  }

  private static void assertSampling(NodeList components, int i, String factor) {
    IIOMetadataNode c = (IIOMetadataNode) components.item(i);
    assertEquals(factor, c.getAttribute("HsamplingFactor"), "component " + i);
    assertEquals(factor, c.getAttribute("VsamplingFactor"), "component " + i);
  }

  private static IIOMetadataNode metadata(byte[] jpeg) throws IOException {
    ImageReader reader = ImageIO.getImageReadersByFormatName("jpeg").next();
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(jpeg))) {
      reader.setInput(in);
      IIOMetadata m = reader.getImageMetadata(0);
      return (IIOMetadataNode) m.getAsTree("javax_imageio_jpeg_image_1.0");
    } finally {
      reader.dispose();
    }
  }
}
