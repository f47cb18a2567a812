// Fashion-MNIST: train a small convolutional network on the 60,000 training images and report the accuracy on the
// 10,000 test images, the training time, the confusion matrix and a PNG of the curves. The steps are in FashionCase.cs.
using System;

FashionMnist.FashionCase.Run(Console.Out);
