package org.ttt4j.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ttt4j.data.Dataset;
import org.ttt4j.data.FashionMnist;
import org.ttt4j.data.Image;
import org.ttt4j.data.Normalize;
import org.ttt4j.data.Split;
import org.ttt4j.optim.OptimizerConfig;
import org.ttt4j.tensor.Tensors;
import org.ttt4j.ttt.Adapter;

/**
 * The model can learn: on 64 Fashion-MNIST images with a fixed mask, the MAE loss falls by at
 * least 90 % within 300 AdamW steps (the classic overfit-one-batch check of a training stack).
 */
class OverfitTest {

  @Test
  void maeLossOnSixtyFourImagesFallsNinetyPercentInThreeHundredSteps() {
    Dataset test = FashionMnist.load(Split.TEST);
    List<Image> images = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      images.add(test.get(i).image());
    }
    MaeConfig c = new MaeConfig(28, 4, 1, 128, 2, 4, 128, 1, 4, 4, 0.75, true, 10,
        HeadType.LINEAR, 1, new double[] {0.2860}, new double[] {0.3530});
    try (NDManager m = NDManager.newBaseManager();
        YShapedVit model = YShapedVit.create(c, m, 0);
        Adapter adapter = new Adapter(model, new ParamGroup.EncoderDecoder(),
            OptimizerConfig.adamw(2e-3, 0.9, 0.95, 0), c.maskRatio(), 0, 0);
        NDManager data = adapter.newScope()) {
      NDArray x = Tensors.batch(data, images, Normalize.of(c.mean(), c.std()));
      Masking fixed = Masking.random(64, c.numPatches(), c.numKept(), new Random(1));
      float first = adapter.step(x, fixed);
      float last = first;
      for (int i = 1; i < 300; i++) {
        last = adapter.step(x, fixed);
      }
      assertTrue(last <= 0.1 * first, "loss went from " + first + " to " + last);
    }
  }
}
