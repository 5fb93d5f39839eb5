import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

/**
 * Draws bench/out/summary.csv (written by bench/compare.sh) as grouped bars: tokens/s of llama.cpp and of our
 * engine, with one standard deviation, for each weight type and test. Run as a source file:
 * {@code java -Djava.awt.headless=true bench/Plot.java bench/out/summary.csv docs/performance.png}.
 */
public final class Plot {

    private static final Color LLAMA = new Color(0x4C72B0);
    private static final Color OURS = new Color(0xDD8452);

    public static void main(String[] args) throws IOException {
        List<String[]> rows = Files.readAllLines(Path.of(args[0])).stream().skip(1).filter(l -> !l.isBlank())
                .map(l -> l.split(",")).toList();
        int width = 900;
        int height = 420;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString("Nano-shaped 3-layer model (ME*), 2 threads: tokens/s, llama.cpp vs nemotron", 20, 28);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int panels = rows.size();
        int panelWidth = (width - 40) / panels;
        for (int i = 0; i < panels; i++) {
            String[] r = rows.get(i);
            double llama = Double.parseDouble(r[2]);
            double llamaSd = Double.parseDouble(r[3]);
            double ours = Double.parseDouble(r[4]);
            double oursSd = Double.parseDouble(r[5]);
            double max = Math.max(llama + llamaSd, ours + oursSd) * 1.15;
            int x0 = 20 + i * panelWidth;
            int base = height - 60;
            int top = 60;
            bar(g, x0 + 20, base, top, max, llama, llamaSd, LLAMA);
            bar(g, x0 + 20 + panelWidth / 3, base, top, max, ours, oursSd, OURS);
            g.setColor(Color.BLACK);
            g.drawLine(x0 + 10, base, x0 + panelWidth - 10, base);
            g.drawString(r[0] + " " + r[1], x0 + 20, base + 18);
            g.drawString("ratio %.2f".formatted(ours / llama), x0 + 20, base + 34);
        }
        g.setColor(LLAMA);
        g.fillRect(width - 230, 40, 12, 12);
        g.setColor(OURS);
        g.fillRect(width - 120, 40, 12, 12);
        g.setColor(Color.BLACK);
        g.drawString("llama.cpp", width - 212, 51);
        g.drawString("nemotron", width - 102, 51);
        g.dispose();
        ImageIO.write(image, "png", new File(args[1]));
    }

    private static void bar(Graphics2D g, int x, int base, int top, double max, double value, double sd, Color c) {
        int barWidth = 50;
        int h = (int) ((base - top) * value / max);
        g.setColor(c);
        g.fillRect(x, base - h, barWidth, h);
        g.setColor(Color.BLACK);
        int hi = (int) ((base - top) * (value + sd) / max);
        int lo = (int) ((base - top) * Math.max(0, value - sd) / max);
        g.setStroke(new BasicStroke(1.5f));
        g.drawLine(x + barWidth / 2, base - hi, x + barWidth / 2, base - lo);
        g.drawString("%.1f".formatted(value), x + 4, base - hi - 4);
    }
}
