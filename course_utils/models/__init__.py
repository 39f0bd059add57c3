"""Model builders used by the notebooks, one module per family.

- :mod:`course_utils.models.mnist`: the CNN for digits and the models that read digit sequences.
- :mod:`course_utils.models.cnn_lstm`: the video CNN-LSTM, defined three equivalent ways.
- :mod:`course_utils.models.convlstm`: the ConvLSTM2D video classifier.
"""
