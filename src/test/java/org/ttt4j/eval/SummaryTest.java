package org.ttt4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTest {

  private static Evaluation.Record record(int position, boolean correct) {
    return new Evaluation.Record(0, position, "fog", 5, 1, new int[] {correct ? 1 : 2},
        new float[0], 0.1);
  }

  @Test
  void csvQuotesAMethodNameWithACommaSoTheColumnsStayInPlace() {
    // a run folder named "lr=1e-2,B=8" is a default row name; unquoted it adds a column
    Summary s = Summary.of("lr=1e-2,B=8", List.of(record(0, true), record(1, false)));

    String csv = Summary.csv(List.of(s));

    assertEquals("method,column,correct,total,top1,low,high\n"
        + "\"lr=1e-2,B=8\",fog:5,1,2,0.50000,0.09453,0.90547\n", csv);
    assertEquals("plain", Summary.csvField("plain"));
    assertEquals("\"say \"\"hi\"\"\"", Summary.csvField("say \"hi\""));
  }

  @Test
  void cellColumnsPutEachCorruptionsLevelsInOrderWhateverTheStreamOrder() {
    // a shuffled-levels stream meets the levels in a random order
    List<Evaluation.Record> records = new java.util.ArrayList<>();
    String[] met = {"fog:3", "fog:1", "contrast:2", "fog:5", "contrast:1", "fog:2"};
    for (int i = 0; i < met.length; i++) {
      String[] cs = met[i].split(":");
      records.add(new Evaluation.Record(0, i, cs[0], Integer.parseInt(cs[1]), 1, new int[] {1},
          new float[0], 0.1));
    }
    assertEquals(List.of("fog:1", "fog:2", "fog:3", "fog:5", "contrast:1", "contrast:2"),
        List.copyOf(Summary.of("online", records).byCorruption().keySet()));
  }
}
