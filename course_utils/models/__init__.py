"""Model builders used by the notebooks, one module per family.

- :mod:`course_utils.models.mnist`: the CNN for digits and the models that read digit sequences
  (lesson 01).
- :mod:`course_utils.models.cnn_lstm`: the video CNN-LSTM, defined several equivalent ways, and
  its single-frame and order-blind baselines (lesson 02).
- :mod:`course_utils.models.convlstm`: the ConvLSTM2D video classifier and its cost counts
  (lesson 03).
- :mod:`course_utils.models.frame_prediction`: next-frame predictors (lesson 04).
- :mod:`course_utils.models.captioning`: video captioners and the template baseline (lesson 05).
- :mod:`course_utils.models.sequence_1d`: CNN-LSTMs and baselines for recorded series (lesson 06).
- :mod:`course_utils.models.summary`: a layer table shared by all of them.
"""
