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
}
