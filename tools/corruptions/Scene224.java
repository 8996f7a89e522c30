import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import javax.imageio.ImageIO;

/**
 * Draws the 224x224 colour test scene of docs/images/corruptions-224.png: a sky gradient, a sun,
 * a brick wall (texture), a chequered floor, saturated shapes, thin lines and text, so that every
 * corruption has edges, flat areas, fine detail and colour to act on. Deterministic; no fonts
 * beyond the JDK's logical SansSerif. Run: java tools/corruptions/Scene224.java OUT.png
 */
public class Scene224 {
  static final int S = 224;

  public static void main(String[] args) throws IOException {
    BufferedImage img = new BufferedImage(S, S, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
        RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setPaint(new GradientPaint(0, 0, new Color(40, 90, 200), 0, 120, new Color(170, 210, 250)));
    g.fillRect(0, 0, S, 120);
    g.setColor(new Color(255, 220, 60));
    g.fillOval(160, 14, 44, 44);
    for (int row = 0; row < 6; row++) { // brick wall, left half of the horizon
      for (int col = -1; col < 8; col++) {
        int x = col * 16 + (row % 2) * 8;
        g.setColor(new Color(150 + (row * 7 + col * 13) % 40, 60, 40));
        g.fillRect(x, 72 + row * 8, 15, 7);
      }
    }
    g.setColor(new Color(200, 200, 190));
    for (int row = 0; row <= 6; row++) {
      g.drawLine(0, 71 + row * 8, 110, 71 + row * 8);
    }
    for (int y = 120; y < S; y += 8) { // chequered floor, squares shrinking towards the horizon
      for (int x = 0; x < S; x += 8) {
        boolean dark = ((x / 8) + (y / 8)) % 2 == 0;
        g.setColor(dark ? new Color(60, 120, 60) : new Color(200, 230, 170));
        g.fillRect(x, y, 8, 8);
      }
    }
    g.setColor(new Color(220, 30, 30));
    g.fillRect(124, 84, 50, 60);
    g.setColor(new Color(30, 60, 220));
    g.fillOval(20, 140, 64, 64);
    g.setColor(new Color(250, 250, 250));
    g.fillPolygon(new Polygon(new int[] {120, 200, 160}, new int[] {210, 210, 150}, 3));
    g.setColor(Color.BLACK);
    g.setStroke(new BasicStroke(1f));
    for (int i = 0; i < 10; i++) { // fine parallel lines: what blur removes first
      g.drawLine(180 + i * 4, 70, 180 + i * 4, 110);
    }
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 26));
    g.drawString("ttt4j", 14, 40);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    g.setColor(new Color(20, 20, 20));
    g.drawString("test-time training", 14, 58);
    g.dispose();
    ImageIO.write(img, "png", new File(args[0]));
  }
}
