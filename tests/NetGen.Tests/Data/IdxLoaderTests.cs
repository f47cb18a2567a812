using System;
using System.Globalization;
using System.IO;
using System.Linq;
using NetGen.Data;
using NetGen.Tests.IO;
using Xunit;
using Xunit.Abstractions;
using static NetGen.Tests.Data.IdxBytes;

namespace NetGen.Tests.Data;

/// <summary>
/// IDX loading (MNIST, Fashion-MNIST): files written byte by byte here, plain and gzipped; values, labels, shapes and
/// scaling; and every malformed case, each with an exception that names the file, the field and the values.
/// </summary>
public sealed class IdxLoaderTests : IDisposable
{
    private readonly ITestOutputHelper _output;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "netgen-idx-" + Guid.NewGuid().ToString("N"));

    public IdxLoaderTests(ITestOutputHelper output)
    {
        _output = output;
        Directory.CreateDirectory(_directory);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    // Three 2 × 3 images, unsigned bytes, and their labels 2, 0, 1.
    private static readonly byte[] Pixels =
    {
        0, 255, 51, 1, 2, 3,
        10, 20, 30, 40, 50, 60,
        128, 127, 254, 253, 17, 200,
    };

    private static readonly byte[] ThreeImages = Images(3, 2, 3, Pixels);
    private static readonly byte[] ThreeLabels = Labels(2, 0, 1);

    private static Dataset Load(byte[] images, byte[] labels, IdxOptions? options = null)
        => Dataset.LoadIdx(new MemoryStream(images), "images.idx", new MemoryStream(labels), "labels.idx", options);

    private static IdxFormatException Fails(byte[] images, byte[] labels, IdxOptions? options = null)
        => Assert.Throws<IdxFormatException>(() => Load(images, labels, options));

    private string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void Unsigned_Bytes_Are_Divided_By_255_And_Labels_Become_Class_Indices()
    {
        Dataset d = Load(ThreeImages, ThreeLabels);
        Assert.Equal(3, d.Count);
        Assert.Equal(SampleShape.Image(1, 2, 3), d.SampleShape);
        Assert.Equal(6, d.FeatureCount);
        // torchvision's ToTensor: x.float().div(255), a correctly rounded float division.
        Assert.Equal(Pixels.Select(b => b / 255f).ToArray(), d.Features);
        Assert.Equal(0f, d.Features[0]);
        Assert.Equal(1f, d.Features[1]);
        Assert.Equal(0.2f, d.Features[2]);   // 51 / 255 = 0.2 exactly, rounded once to float
        Assert.Equal(1, d.TargetWidth);
        Assert.Equal(new[] { 2f, 0f, 1f }, d.Targets);
        Assert.Equal(new[] { "0", "1", "2" }, d.ClassNames);   // derived: largest label + 1
        Assert.Equal(2, d.GetClass(0));
    }

    [Fact]
    public void Without_Scaling_The_Byte_Values_Are_Kept()
    {
        Dataset d = Load(ThreeImages, ThreeLabels, new IdxOptions { ScaleBytesToUnitRange = false });
        Assert.Equal(Pixels.Select(b => (float)b).ToArray(), d.Features);
    }

    [Fact]
    public void Gzip_Is_Recognised_By_Its_Magic_Bytes_Whatever_The_Name()
    {
        Dataset plain = Load(ThreeImages, ThreeLabels);
        // A gzipped file without .gz, and a plain file with .gz: the content decides, not the name.
        string images = Write("images-idx3-ubyte", Gzip(ThreeImages));
        string labels = Write("labels-idx1-ubyte.gz", ThreeLabels);
        Dataset fromFiles = Dataset.LoadIdx(images, labels);
        Assert.Equal(plain.Features, fromFiles.Features);
        Assert.Equal(plain.Targets, fromFiles.Targets);
        Assert.Equal(plain.SampleShape, fromFiles.SampleShape);

        Dataset fromStreams = Load(Gzip(ThreeImages), Gzip(ThreeLabels));
        Assert.Equal(plain.Features, fromStreams.Features);
        // Two gzip members one after the other (as `cat a.gz b.gz` makes) are one stream.
        byte[] split = Concat(Gzip(ThreeImages[..10]), Gzip(ThreeImages[10..]));
        Assert.Equal(plain.Features, Load(split, ThreeLabels).Features);
    }

    [Fact]
    public void Streams_Are_Read_From_Their_Position_Without_Seeking_And_Left_Open()
    {
        // Forward-only streams that hand out at most 7 bytes per read, like a pipe.
        Dataset d = IdxLoader.Load(new ForwardOnlyStream(Gzip(ThreeImages)), "images", new ForwardOnlyStream(ThreeLabels), "labels");
        Assert.Equal(Load(ThreeImages, ThreeLabels).Features, d.Features);

        var images = new MemoryStream(Concat(new byte[] { 0xEE, 0xEE }, ThreeImages)) { Position = 2 };
        var labels = new MemoryStream(ThreeLabels);
        Assert.Equal(3, IdxLoader.Load(images, "images", labels, "labels").Count);
        Assert.True(images.CanRead && labels.CanRead); // not disposed
        Assert.Equal(images.Length, images.Position);
    }

    [Fact]
    public void Every_Data_Type_Is_Read_Big_Endian_And_Kept_As_Its_Value()
    {
        // One image of 1 × 3 per type; labels of the integer types.
        var cases = new (byte Type, byte[] Data, float[] Expected)[]
        {
            (I8, new byte[] { 0x80, 0xFF, 0x7F }, new[] { -128f, -1f, 127f }),
            (I16, BigEndian((short)-300, (short)1, short.MaxValue), new[] { -300f, 1f, 32767f }),
            (I32, BigEndian(-70000, 16777216, 5), new[] { -70000f, 16777216f, 5f }),
            (F32, BigEndian(-1.5f, 3.25e-8f, float.MaxValue), new[] { -1.5f, 3.25e-8f, float.MaxValue }),
            (F64, BigEndian(0.1, -2.5, 1e38), new[] { 0.1f, -2.5f, 1e38f }),
        };
        foreach (var (type, data, expected) in cases)
        {
            Dataset d = Load(Idx(type, new uint[] { 1, 1, 3 }, data), Labels(0));
            Assert.Equal(expected, d.Features); // never divided by 255: that is only the range of unsigned bytes
        }

        var labelCases = new (byte Type, byte[] Data)[]
        {
            (I8, new byte[] { 3, 0 }),
            (I16, BigEndian((short)3, (short)0)),
            (I32, BigEndian(3, 0)),
        };
        foreach (var (type, data) in labelCases)
        {
            Dataset d = Load(Images(2, 1, 1, new byte[] { 1, 2 }), Idx(type, new uint[] { 2 }, data));
            Assert.Equal(new[] { 3f, 0f }, d.Targets);
            Assert.Equal(4, d.ClassCount);
        }
    }

    [Fact]
    public void Four_Dimensions_Are_Channels_First_Or_Reordered_From_Channels_Last()
    {
        // One sample, 2 channels of 1 × 3. Channels first: the file order is the [C, H, W] order.
        byte[] chw = { 1, 2, 3, 11, 12, 13 };
        Dataset first = Load(Idx(U8, new uint[] { 1, 2, 1, 3 }, chw), Labels(0), new IdxOptions { ScaleBytesToUnitRange = false });
        Assert.Equal(SampleShape.Image(2, 1, 3), first.SampleShape);
        Assert.Equal(new float[] { 1, 2, 3, 11, 12, 13 }, first.Features);

        // Channels last: the file is [count, rows, columns, channels] = [1, 1, 3, 2], pixel by pixel (1, 11), (2, 12), (3, 13).
        byte[] hwc = { 1, 11, 2, 12, 3, 13 };
        Dataset last = Load(Idx(U8, new uint[] { 1, 1, 3, 2 }, hwc), Labels(0),
            new IdxOptions { ScaleBytesToUnitRange = false, ChannelsLast = true });
        Assert.Equal(SampleShape.Image(2, 1, 3), last.SampleShape);
        Assert.Equal(first.Features, last.Features);
    }

    [Fact]
    public void MaxSamples_Reads_Only_The_First_Samples()
    {
        // The files declare 3 samples but stop after 2: with MaxSamples = 2 the rest is never read.
        byte[] images = ThreeImages[..^6];
        byte[] labels = ThreeLabels[..^1];
        Dataset d = Load(images, labels, new IdxOptions { MaxSamples = 2, ScaleBytesToUnitRange = false });
        Assert.Equal(2, d.Count);
        Assert.Equal(Pixels[..12].Select(b => (float)b).ToArray(), d.Features);
        Assert.Equal(new[] { 2f, 0f }, d.Targets);
        Assert.Equal(3, d.ClassCount);
        Assert.Equal(3, Load(ThreeImages, ThreeLabels, new IdxOptions { MaxSamples = 100 }).Count);
    }

    [Fact]
    public void ClassCount_And_ClassNames_Fix_The_Classes()
    {
        Dataset ten = Load(ThreeImages, ThreeLabels, new IdxOptions { ClassCount = 10 });
        Assert.Equal(10, ten.ClassCount);
        Assert.Equal("9", ten.ClassNames![9]);

        string[] names = { "T-shirt/top", "Trouser", "Pullover" };
        Dataset named = Load(ThreeImages, ThreeLabels, new IdxOptions { ClassNames = names });
        Assert.Equal(names, named.ClassNames);
        Assert.Equal(3, Load(ThreeImages, ThreeLabels, new IdxOptions { ClassNames = names, ClassCount = 3 }).ClassCount);
    }

    [Fact]
    public void Invalid_Options_Throw_ArgumentException_Naming_The_Option_And_Value()
    {
        (IdxOptions Options, string Text)[] cases =
        {
            (new IdxOptions { MaxSamples = 0 }, "IdxOptions.MaxSamples (0) must be at least 1"),
            (new IdxOptions { ClassCount = -1 }, "IdxOptions.ClassCount (-1) must be at least 1"),
            (new IdxOptions { ClassNames = Array.Empty<string>() }, "IdxOptions.ClassNames must name at least one class"),
            (new IdxOptions { ClassNames = new[] { "a", "b" }, ClassCount = 3 }, "IdxOptions.ClassCount (3) differs from the 2 names"),
            (new IdxOptions { ClassNames = new[] { "a", null! } }, "IdxOptions.ClassNames[1] is null"),
        };
        foreach (var (options, text) in cases)
        {
            var e = Assert.Throws<ArgumentException>(() => Load(ThreeImages, ThreeLabels, options));
            Assert.Equal("options", e.ParamName);
            Assert.Contains(text, e.Message);
        }
    }

    [Fact]
    public void A_Wrong_Magic_Number_Is_Not_An_Idx_File()
    {
        byte[] zip = (byte[])ThreeImages.Clone();
        zip[0] = 0x50; // "PK": a zip archive, not IDX
        zip[1] = 0x4B;
        var e = Fails(zip, ThreeLabels);
        Assert.Equal(("images.idx", 0L, "magic number"), (e.FileName, e.Offset, e.Field));
        Assert.Contains("images.idx, byte 0 (magic number): Not an IDX file", e.Message);
        Assert.Contains("starts with 0x50 0x4B, but IDX files start with 0x00 0x00", e.Message);

        // The same check after gunzipping, and the message says so.
        var gz = Fails(ThreeImages, Gzip(new byte[] { 0, 1, 8, 1, 0, 0, 0, 3, 2, 0, 1 }));
        Assert.Equal("labels.idx", gz.FileName);
        Assert.Contains("starts with 0x00 0x01", gz.Message);
        Assert.Contains("The file was gunzipped first.", gz.Message);
    }

    [Fact]
    public void An_Unknown_Type_Code_Lists_The_Known_Ones()
    {
        byte[] images = (byte[])ThreeImages.Clone();
        images[2] = 0x0A;
        var e = Fails(images, ThreeLabels);
        Assert.Equal((2L, "type code"), (e.Offset, e.Field));
        Assert.Contains("images.idx, byte 2 (type code): 0x0A is not an IDX data type: 0x08 unsigned byte", e.Message);

        var floatLabels = Fails(ThreeImages, Idx(F32, new uint[] { 3 }, BigEndian(2f, 0f, 1f)));
        Assert.Equal(("labels.idx", "type code"), (floatLabels.FileName, floatLabels.Field));
        Assert.Contains("The labels are float32s (type 0x0D), but class labels must be integers", floatLabels.Message);
    }

    [Fact]
    public void The_Number_Of_Dimensions_Must_Fit_Images_Or_Labels()
    {
        var two = Fails(Idx(U8, new uint[] { 3, 6 }, Pixels), ThreeLabels);
        Assert.Equal(("images.idx", 3L, "number of dimensions"), (two.FileName, two.Offset, two.Field));
        Assert.Contains("The image file has 2 dimension(s), but images need 3 ([count, rows, columns]) or 4", two.Message);

        var swapped = Fails(ThreeLabels, ThreeImages);
        Assert.Equal("images.idx", swapped.FileName);
        Assert.Contains("has 1 dimension(s)", swapped.Message);
        Assert.Contains("are the two files swapped?", swapped.Message);

        var labels = Fails(ThreeImages, Idx(U8, new uint[] { 3, 1 }, new byte[] { 2, 0, 1 }));
        Assert.Equal("labels.idx", labels.FileName);
        Assert.Contains("The label file has 2 dimension(s), but labels need 1 ([count]).", labels.Message);

        var labelsAsImages = Fails(ThreeImages, ThreeImages);
        Assert.Contains("The label file has 3 dimension(s)", labelsAsImages.Message);
        Assert.Contains("This looks like an image file: are the two files swapped?", labelsAsImages.Message);
    }

    [Fact]
    public void Image_And_Label_Counts_Must_Agree()
    {
        var e = Fails(ThreeImages, Labels(2, 0));
        Assert.Equal(("labels.idx", 4L, "dimension 0 (count)"), (e.FileName, e.Offset, e.Field));
        Assert.Contains("The label file declares 2 labels but the image file images.idx declares 3 images", e.Message);
    }

    [Fact]
    public void A_Truncated_File_Names_What_The_Header_Declares_And_What_Is_Missing()
    {
        // 16-byte header + 18 data bytes = 34; cut after 30: inside sample 2 (bytes 28..33).
        var e = Fails(ThreeImages[..30], ThreeLabels);
        Assert.Equal(("images.idx", 30L, "sample 2 of 3"), (e.FileName, e.Offset, e.Field));
        Assert.Contains("The file ends after 30 bytes, but its header declares 3 × 2 × 3 unsigned bytes (type 0x08): 16 header bytes + 18 data bytes = 34 bytes, so 4 are missing.", e.Message);

        // The same through gzip: the offsets are those of the decompressed content.
        var gz = Fails(Gzip(ThreeImages[..30]), ThreeLabels);
        Assert.Equal((30L, "sample 2 of 3"), (gz.Offset, gz.Field));

        var labels = Fails(ThreeImages, ThreeLabels[..9]);
        Assert.Equal(("labels.idx", 9L, "sample 1 of 3"), (labels.FileName, labels.Offset, labels.Field));
        Assert.Contains("8 header bytes + 3 data bytes = 11 bytes, so 2 are missing", labels.Message);

        var header = Fails(ThreeImages[..10], ThreeLabels);
        Assert.Equal((10L, "dimension 1 (rows)"), (header.Offset, header.Field));
        Assert.Contains("The file ends after 10 bytes, inside the header: 3 dimensions make a header of 4 + 4 × 3 = 16 bytes.", header.Message);

        var empty = Fails(Array.Empty<byte>(), ThreeLabels);
        Assert.Equal((0L, "magic number"), (empty.Offset, empty.Field));
        Assert.Contains("The file ends after 0 byte(s), inside the 4-byte magic number", empty.Message);
    }

    [Fact]
    public void Bytes_After_The_Declared_Data_Are_An_Error()
    {
        var e = Fails(Concat(ThreeImages, new byte[] { 9, 9, 9, 9, 9 }), ThreeLabels);
        Assert.Equal(("images.idx", 34L, "end of the data"), (e.FileName, e.Offset, e.Field));
        Assert.Contains("5 byte(s) follow the 18 data bytes that the header declares (3 × 2 × 3 unsigned bytes (type 0x08))", e.Message);

        var labels = Fails(ThreeImages, Gzip(Concat(ThreeLabels, new byte[] { 1 })));
        Assert.Equal(("labels.idx", 11L), (labels.FileName, labels.Offset));
        Assert.Contains("1 byte(s) follow the 3 data bytes", labels.Message);
    }

    [Fact]
    public void Endless_Trailing_Data_Stops_After_A_Bounded_Read()
    {
        // A label header for 3 labels, then zeros forever: the count of extra bytes stops at 1 MiB.
        var labels = new EndlessStream(ThreeLabels, new byte[] { 0 }, guardBytes: 8L << 20);
        var e = Assert.Throws<IdxFormatException>(() => IdxLoader.Load(new MemoryStream(ThreeImages), "images", labels, "endless"));
        Assert.Equal(("endless", 11L), (e.FileName, e.Offset));
        Assert.Contains("More than 1048576 bytes follow the 3 data bytes", e.Message);
        Assert.InRange(labels.Served, 1L << 20, 2L << 20);
    }

    [Fact]
    public void A_Label_Outside_The_Classes_Names_The_Sample_And_The_Limit()
    {
        var e = Fails(ThreeImages, Labels(2, 0, 10), new IdxOptions { ClassCount = 10 });
        Assert.Equal(("labels.idx", 10L, "label of sample 2"), (e.FileName, e.Offset, e.Field));
        Assert.Contains("The label 10 is not a class index in [0, 10) (IdxOptions.ClassCount).", e.Message);

        var named = Fails(ThreeImages, ThreeLabels, new IdxOptions { ClassNames = new[] { "a", "b" } });
        Assert.Equal("label of sample 0", named.Field);
        Assert.Contains("The label 2 is not a class index in [0, 2) (IdxOptions.ClassNames names 2 classes).", named.Message);

        var negative = Fails(ThreeImages, Idx(I16, new uint[] { 3 }, BigEndian((short)1, (short)-1, (short)0)));
        Assert.Equal((10L, "label of sample 1"), (negative.Offset, negative.Field));
        Assert.Contains("The label -1 is not a class index in [0, 65536)", negative.Message);

        var huge = Fails(ThreeImages, Idx(I32, new uint[] { 3 }, BigEndian(1, 0, 2_000_000_000)));
        Assert.Contains("The label 2000000000 is not a class index in [0, 65536) (without IdxOptions.ClassCount or ClassNames the class count is derived from the labels, up to 65536).", huge.Message);
    }

    [Fact]
    public void Sizes_Beyond_An_Int_Or_An_Array_Are_Refused_Before_Allocating()
    {
        // 1 × 65536 × 65536 = 4294967296 values in one sample.
        var sample = Fails(Images(1, 65536, 65536, Array.Empty<byte>()), Labels(0));
        Assert.Equal(("images.idx", 8L, "dimensions 1 to 2"), (sample.FileName, sample.Offset, sample.Field));
        Assert.Contains("One sample of 1 channel(s) × 65536 rows × 65536 columns has 4294967296 values, more than int.MaxValue (2147483647).", sample.Message);

        // 65536 samples of 256 × 256 = 4294967296 floats in all.
        var all = Fails(Images(65536, 256, 256, Array.Empty<byte>()), Idx(U8, new uint[] { 65536 }, Array.Empty<byte>()));
        Assert.Equal((4L, "dimension 0 (count)"), (all.Offset, all.Field));
        Assert.Contains("Loading 65536 samples of 65536 values needs 4294967296 floats, more than one array holds (2147483591)", all.Message);
        // ... which MaxSamples avoids: then the file is simply too short for what it declares.
        var fewer = Fails(Images(65536, 256, 256, new byte[10]), Idx(U8, new uint[] { 65536 }, new byte[2]), new IdxOptions { MaxSamples = 2 });
        Assert.Equal(("images.idx", 26L, "sample 0 of 65536"), (fewer.FileName, fewer.Offset, fewer.Field));

        var dimension = Fails(Idx(U8, new uint[] { 3, 0xFFFFFFFF, 3 }, Pixels), ThreeLabels);
        Assert.Equal((8L, "dimension 1 (rows)"), (dimension.Offset, dimension.Field));
        Assert.Contains("4294967295 (0xFFFFFFFF) is more than int.MaxValue (2147483647)", dimension.Message);

        var zero = Fails(Idx(U8, new uint[] { 3, 2, 0 }, Pixels), ThreeLabels);
        Assert.Equal((12L, "dimension 2 (columns)"), (zero.Offset, zero.Field));
        Assert.Contains("The columns dimension is 0", zero.Message);
        var none = Fails(Images(0, 2, 3, Array.Empty<byte>()), Labels());
        Assert.Contains("images.idx, byte 4 (dimension 0 (count)): The file declares 0 samples", none.Message);
    }

    [Fact]
    public void A_NaN_Or_Out_Of_Range_Float_Names_Its_Element()
    {
        var nan = Fails(Idx(F32, new uint[] { 2, 1, 2 }, BigEndian(1f, 2f, 3f, float.NaN)), Labels(0, 1));
        // Element 3 = [sample 1, row 0, column 1], at 16 + 3 × 4 = 28.
        Assert.Equal(("images.idx", 28L, "element [1, 0, 1]"), (nan.FileName, nan.Offset, nan.Field));
        Assert.Contains("The value is NaN as a float", nan.Message);

        var beyond = Fails(Idx(F64, new uint[] { 1, 1, 2 }, BigEndian(1e300, 0.0)), Labels(0));
        Assert.Equal((16L, "element [0, 0, 0]"), (beyond.Offset, beyond.Field));
        Assert.Contains("The value is Infinity as a float", beyond.Message);
    }

    [Fact]
    public void Corrupt_Gzip_Data_Names_The_File_And_Keeps_The_Cause()
    {
        // A gzip header (deflate, no flags, no time, OS unknown), then a deflate block of the reserved type 3 (0b111).
        byte[] gz = { 0x1F, 0x8B, 0x08, 0, 0, 0, 0, 0, 0, 0xFF, 0x07, 0, 0, 0, 0 };
        var e = Fails(gz, ThreeLabels);
        Assert.Equal(("images.idx", 0L), (e.FileName, e.Offset));
        Assert.Contains("images.idx, byte 0: The gzip data is corrupt after 0 decompressed bytes", e.Message);
        Assert.IsType<InvalidDataException>(e.InnerException);

        // A gzip file cut short is either truncated IDX content or corrupt gzip, depending on where the cut falls.
        byte[] whole = Gzip(ThreeImages);
        var cut = Fails(whole[..(whole.Length / 2)], ThreeLabels);
        Assert.Equal("images.idx", cut.FileName);
    }

    [Fact]
    public void Messages_And_Class_Names_Do_Not_Depend_On_The_Current_Culture()
    {
        using var odd = CultureScope.With(format =>
        {
            format.NegativeSign = "~";
            format.NaNSymbol = "nicht";
        });
        Assert.Equal("~1", (-1).ToString(CultureInfo.CurrentCulture)); // the culture is really active
        var negative = Fails(ThreeImages, Idx(I16, new uint[] { 3 }, BigEndian((short)1, (short)-1, (short)0)));
        Assert.Contains("The label -1 ", negative.Message);
        var nan = Fails(Idx(F32, new uint[] { 1, 1, 1 }, BigEndian(float.NaN)), Labels(0));
        Assert.Contains("is NaN", nan.Message);
        Assert.Equal(new[] { "0", "1", "2" }, Load(ThreeImages, ThreeLabels).ClassNames);
    }

    [Fact]
    public void Loading_Allocates_Little_Beyond_The_Result_Arrays()
    {
        // 500 images of 28 × 28, gzipped: the features are 500 × 784 × 4 = 1568000 bytes.
        var pixels = new byte[500 * 784];
        new Random(3).NextBytes(pixels);
        var labels = new byte[500];
        for (int i = 0; i < labels.Length; i++) labels[i] = (byte)(i % 10);
        byte[] images = Gzip(Images(500, 28, 28, pixels)), labelFile = Gzip(Labels(labels));
        Load(images, labelFile); // warm up (JIT, the array pool's buffer)

        long before = GC.GetAllocatedBytesForCurrentThread();
        Dataset d = Load(images, labelFile);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        long result = d.Features.Length * 4L + d.Targets.Length * 4L;
        _output.WriteLine($"allocated {allocated} bytes for {result} bytes of result arrays");
        // Beyond the two arrays: 784 feature names, 10 class names, the header arrays and the gzip stream objects.
        Assert.InRange(allocated, result, result + 128 * 1024);
    }

    [Fact]
    public void A_Missing_File_Throws_FileNotFound()
    {
        string labels = Write("labels", ThreeLabels);
        var e = Assert.Throws<FileNotFoundException>(() => Dataset.LoadIdx(Path.Combine(_directory, "nope"), labels));
        Assert.Contains("nope", e.Message);
    }

    [Fact]
    public void Errors_From_Files_Name_The_Path()
    {
        string images = Write("t10k-images-idx3-ubyte.gz", Gzip(ThreeImages));
        string labels = Write("t10k-labels-idx1-ubyte.gz", Gzip(Labels(2, 0)));
        var e = Assert.Throws<IdxFormatException>(() => Dataset.LoadIdx(images, labels));
        Assert.Equal(labels, e.FileName);
        Assert.StartsWith(labels + ", byte 4", e.Message);
        Assert.Contains("image file " + images + " declares 3 images", e.Message);
    }

    [Fact]
    public void Real_Fashion_Mnist_Test_Set_Has_10000_Images_Of_28x28_And_1000_Per_Class()
    {
        var (images, labels) = DataFiles.FashionMnist("t10k");
        Dataset d = Dataset.LoadIdx(images, labels);
        Assert.Equal(10_000, d.Count);
        Assert.Equal(SampleShape.Image(1, 28, 28), d.SampleShape);
        Assert.Equal(784, d.FeatureCount);
        Assert.Equal(10, d.ClassCount);
        Assert.Equal(Enumerable.Repeat(1000, 10), Enumerable.Range(0, 10).Select(c => d.Targets.Count(t => t == c)));
        // The first ten test labels, as Keras' fashion_mnist.load_data() gives them: ankle boot, pullover, trouser, ...
        Assert.Equal(new float[] { 9, 2, 1, 1, 6, 1, 4, 6, 5, 7 }, d.Targets[..10]);
        Assert.All(d.Features, v => Assert.InRange(v, 0f, 1f));
        // Sum of all 7,840,000 raw bytes, from Python's gzip + struct reading the same file.
        Dataset raw = Dataset.LoadIdx(images, labels, new IdxOptions { ScaleBytesToUnitRange = false });
        Assert.Equal(573_469_082L, raw.Features.Sum(v => (long)v));
        Assert.Equal(raw.Features.Select(v => v / 255f), d.Features);

        Dataset first = Dataset.LoadIdx(images, labels, new IdxOptions { MaxSamples = 100, ClassCount = 10 });
        Assert.Equal(100, first.Count);
        Assert.Equal(d.Features[..(100 * 784)], first.Features);
    }

    [Fact]
    public void Real_Fashion_Mnist_Training_Statistics_Are_The_Published_Normalize_Values()
    {
        var (images, labels) = DataFiles.FashionMnist("train");
        Dataset train = Dataset.LoadIdx(images, labels);
        Assert.Equal((60_000, 10), (train.Count, train.ClassCount));
        var s = new ChannelStandardizer();
        s.Fit(train);
        // transforms.Normalize((0.2860,), (0.3530,)), the values quoted for Fashion-MNIST's training set.
        Assert.Equal(0.2860, s.Mean[0], 5e-5);
        Assert.Equal(0.3530, s.Scale[0], 5e-5);
    }
}
