// Optical digits: train on optdigits.tra, test on optdigits.tes (the same 1797 test images as
// scikit-learn's load_digits). The steps are in DigitsCase.cs.
using System;

Digits.DigitsCase.Run(Console.Out);
