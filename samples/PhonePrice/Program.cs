// The course's worked case: classify 2000 phones into 4 price bands from 20 features.
// Load → stratified split → standardise with TRAINING statistics → train with AdamW, a cosine
// schedule and early stopping → test accuracy and confusion matrix → save, reload, predict.
// The steps are in PhonePriceCase.cs.
using System;

PhonePrice.PhonePriceCase.Run(Console.Out);
