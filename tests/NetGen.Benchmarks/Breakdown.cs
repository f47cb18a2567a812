using System;
using System.Globalization;
using NetGen.Losses;
using NetGen.Optimizers;

namespace NetGen.Benchmarks;

/// <summary>
/// --breakdown: where a step's time goes. Times cumulative prefixes of the step (ZeroGrad; + Forward; + loss;
/// + Backward; + optimizer Step) with the same timing loop and prints the cost of each phase as the difference,
/// in ns per step, to stderr. A diagnostic, not a result: nothing goes to stdout.
/// </summary>
internal static class Breakdown
{
    public static void Run(string name, double seconds)
    {
        switch (name)
        {
            case "train-mnist-b64": Train(name, new MnistNet(64), 64, classifier: true); break;
            case "train-mnist-b256": Train(name, new MnistNet(256), 256, classifier: true); break;
            case "train-phone-b64": Train(name, new PhoneNet(64), 64, classifier: true); break;
            case "train-tiny-b32": Train(name, new TinyNet(32), 32, classifier: false); break;
            case "train-cnn-b64": Train(name, new CnnNet(64), 64, classifier: true); break;
            case "train-cnnbn-b64": Train(name, new CnnBnNet(64), 64, classifier: true); break;
            case "infer-small-b1": Infer(name, new SmallNet(1)); break;
            case "infer-mnist-b1": Infer(name, new MnistNet(1)); break;
            default: Console.Error.WriteLine($"{name}: no breakdown"); break;
        }
    }

    private static void Train(string name, INetwork net, int batch, bool classifier)
    {
        var rng = new Random(1);
        float[] x = Program.RandN(rng, batch * net.InputSize);
        float[] output = new float[batch * net.OutputSize];
        float[] gradient = new float[output.Length];
        float[] y;
        Loss loss;
        Optimizer opt;
        if (classifier)
        {
            y = new float[batch];
            for (int i = 0; i < batch; i++) y[i] = rng.Next(net.OutputSize);
            loss = new CrossEntropyLoss();
            opt = new SGD(net.Parameters, 0.01, momentum: 0.9);
        }
        else
        {
            y = Program.RandN(rng, output.Length);
            loss = new MSELoss();
            opt = new Adam(net.Parameters, 1e-3);
        }
        Action[] prefixes =
        {
            () => net.ZeroGrad(),
            () => { net.ZeroGrad(); net.Forward(x, output, batch); },
            () => { net.ZeroGrad(); net.Forward(x, output, batch); loss.Compute(output, y, gradient, batch); },
            () => { net.ZeroGrad(); net.Forward(x, output, batch); loss.Compute(output, y, gradient, batch); net.Backward(gradient, Span<float>.Empty); },
            () => { net.ZeroGrad(); net.Forward(x, output, batch); loss.Compute(output, y, gradient, batch); net.Backward(gradient, Span<float>.Empty); opt.Step(); },
        };
        Print(name, new[] { "ZeroGrad", "Forward", opt is SGD ? "CrossEntropy" : "MSE", "Backward", opt.GetType().Name + ".Step" }, prefixes);
    }

    private static void Infer(string name, INetwork net)
    {
        net.IsTraining = false;
        float[] x = Program.RandN(new Random(1), net.InputSize);
        float[] output = new float[net.OutputSize];
        Action[] prefixes =
        {
            () => { },
            () => net.ForwardNoGrad(x, output, 1),
        };
        Print(name, new[] { "(empty delegate)", "ForwardNoGrad" }, prefixes);
    }

    private static void Print(string name, string[] phases, Action[] prefixes)
    {
        double previous = 0;
        for (int i = 0; i < prefixes.Length; i++)
        {
            double ns = 1e9 / Program.Rate(prefixes[i]).Value;
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}\t{phases[i],-16}\t{ns - previous,10:F0} ns\t(cumulative {ns:F0} ns/step)"));
            previous = ns;
        }
    }
}
