using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using NetGen.IO;
using Xunit;
using static NetGen.Tests.IO.SafeTensorsTestFiles;

namespace NetGen.Tests.IO;

/// <summary>The safetensors byte layout, written and read, checked against hand-built files.</summary>
public sealed class SafeTensorsFormatTests
{
    // The format's README example, as F32: one tensor "test" of shape [2, 2] at data_offsets [0, 16].
    private const string ExampleJson = "{\"test\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}";

    // 1, 2, 3, 4 as IEEE-754 single bit patterns.
    private static readonly uint[] OneToFourBits = { 0x3F800000, 0x40000000, 0x40400000, 0x40800000 };

    private static byte[] WriteToBytes(IReadOnlyList<NamedTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        using var ms = new MemoryStream();
        SafeTensors.Write(ms, tensors, metadata);
        return ms.ToArray();
    }

    private static SafeTensorsContent ReadBytes(byte[] bytes) => SafeTensors.Read(new MemoryStream(bytes), "test.safetensors");

    [Fact]
    public void Writer_Produces_The_Spec_Example_Byte_For_Byte_With_Header_Padded_To_8()
    {
        byte[] written = WriteToBytes(new[] { new NamedTensor("test", new[] { 2, 2 }, new[] { 1f, 2f, 3f, 4f }) });

        // The JSON is 60 bytes; the writer pads it with 4 spaces to 64 (a multiple of 8).
        Assert.Equal(60, Encoding.ASCII.GetByteCount(ExampleJson));
        byte[] expected = Build(ExampleJson + "    ", LittleEndian(OneToFourBits));
        Assert.Equal(new byte[] { 64, 0, 0, 0, 0, 0, 0, 0 }, expected[..8]);
        Assert.Equal(new byte[] { 0x00, 0x00, 0x80, 0x3F }, expected[72..76]); // 1.0f, little-endian
        Assert.Equal(expected, written);
    }

    [Fact]
    public void Writer_Puts_Metadata_First_Sorted_And_Offsets_Consecutive()
    {
        byte[] written = WriteToBytes(
            new[]
            {
                new NamedTensor("w", new[] { 1, 2 }, new[] { 1f, 2f }),
                new NamedTensor("b", new[] { 1 }, new[] { 3f }),
            },
            new Dictionary<string, string> { ["z"] = "last", ["format"] = "pt" });

        string json = "{\"__metadata__\":{\"format\":\"pt\",\"z\":\"last\"},"
            + "\"w\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[0,8]},"
            + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}";
        string padded = json + new string(' ', (8 - json.Length % 8) % 8);
        Assert.Equal(Build(padded, LittleEndian(0x3F800000, 0x40000000, 0x40400000)), written);
    }

    [Fact]
    public void Reader_Accepts_The_Unpadded_Spec_Example_And_Tensors_Listed_Out_Of_Offset_Order()
    {
        SafeTensorsContent c = ReadBytes(Build(ExampleJson, LittleEndian(OneToFourBits)));
        NamedTensor t = Assert.Single(c.Tensors);
        Assert.Equal("test", t.Name);
        Assert.Equal(new[] { 2, 2 }, t.Shape);
        Assert.Equal(new[] { 1f, 2f, 3f, 4f }, t.Data.ToArray());
        Assert.Empty(c.Metadata);

        // "b" is listed first in the JSON but its data comes second.
        string json = "{\"b\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[8,12]},\"__metadata__\":{\"k\":\"v\"},"
            + "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
        c = ReadBytes(Build(json, LittleEndian(0x3F800000, 0x40000000, 0x40400000)));
        Assert.Equal(new[] { "a", "b" }, new[] { c.Tensors[0].Name, c.Tensors[1].Name });
        Assert.Equal(new[] { 3f }, c.Find("b")!.Data.ToArray());
        Assert.Empty(c.Find("b")!.Shape);
        Assert.Equal("v", c.Metadata["k"]);
        Assert.Null(c.Find("missing"));
    }

    [Fact]
    public void Round_Trip_Is_Bit_Exact_For_NaN_Payloads_Negative_Zero_Subnormals_And_Infinities()
    {
        uint[] bits =
        {
            0x7FC00000, 0xFFC00001, 0x7F800001, 0x7FBFFFFF, // quiet NaN, negative NaN with payload, signalling NaNs
            0x80000000, 0x00000000,                         // -0, +0
            0x00000001, 0x807FFFFF, 0x00400000,             // subnormals
            0x7F800000, 0xFF800000, 0x7F7FFFFF, 0x00800000, // ±inf, max, min normal
            0x3EAAAAAB, 0xC2F6E979,
        };
        var values = new float[bits.Length];
        for (int i = 0; i < bits.Length; i++) values[i] = BitConverter.UInt32BitsToSingle(bits[i]);
        var big = new float[70_001]; // spans two write/read chunks
        for (int i = 0; i < big.Length; i++) big[i] = BitConverter.UInt32BitsToSingle((uint)i * 2654435761u);

        byte[] file = WriteToBytes(new[]
        {
            new NamedTensor("special", new[] { 3, 5 }, values),
            new NamedTensor("big", new[] { big.Length }, big),
            new NamedTensor("empty", new[] { 0, 4 }, Array.Empty<float>()),
        });
        // The data section is the raw little-endian bits, in order.
        Assert.Equal(LittleEndian(bits), file[^(4 * (bits.Length + big.Length))..^(4 * big.Length)]);

        SafeTensorsContent c = ReadBytes(file);
        Assert.Equal(bits, Array.ConvertAll(c.Find("special")!.Data.ToArray(), BitConverter.SingleToUInt32Bits));
        Assert.Equal(Array.ConvertAll(big, BitConverter.SingleToUInt32Bits), Array.ConvertAll(c.Find("big")!.Data.ToArray(), BitConverter.SingleToUInt32Bits));
        Assert.Equal(new[] { 0, 4 }, c.Find("empty")!.Shape);

        // Same through a stream that cannot seek and returns at most 7 bytes per read.
        SafeTensorsContent forward = SafeTensors.Read(new ForwardOnlyStream(file));
        Assert.Equal(bits, Array.ConvertAll(forward.Find("special")!.Data.ToArray(), BitConverter.SingleToUInt32Bits));
    }

    [Fact]
    public void Truncation_At_Any_Point_Is_Rejected_With_The_File_Name()
    {
        byte[] file = WriteToBytes(new[]
        {
            new NamedTensor("a", new[] { 2, 3 }, new[] { 1f, 2f, 3f, 4f, 5f, 6f }),
            new NamedTensor("b", new[] { 2 }, new[] { 7f, 8f }),
        });
        int headerEnd = 8 + (int)BitConverter.ToUInt64(file, 0);
        foreach (int cut in new[] { 0, 3, 7, 8, 20, headerEnd - 1, headerEnd, headerEnd + 1, headerEnd + 4, headerEnd + 24, file.Length - 1 })
        {
            var ex = Assert.Throws<InvalidDataException>(() => ReadBytes(file[..cut]));
            Assert.Contains("test.safetensors", ex.Message);
            if (cut >= headerEnd) Assert.Contains("truncated", ex.Message);

            // Non-seekable streams detect it too.
            Assert.Throws<InvalidDataException>(() => SafeTensors.Read(new ForwardOnlyStream(file[..cut])));
        }
    }

    [Fact]
    public void Trailing_Bytes_After_The_Last_Tensor_Are_Rejected()
    {
        byte[] file = Build(ExampleJson, LittleEndian(OneToFourBits));
        var withExtra = new byte[file.Length + 3];
        file.CopyTo(withExtra, 0);
        Assert.Contains("3 unexpected bytes", Assert.Throws<InvalidDataException>(() => ReadBytes(withExtra)).Message);
        Assert.Throws<InvalidDataException>(() => SafeTensors.Read(new ForwardOnlyStream(withExtra)));
    }

    public static IEnumerable<object[]> CorruptHeaders() => new[]
    {
        new object[] { "{\"test\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]}", "malformed" },          // missing brace
        new object[] { "{\"test\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]}},", "malformed" },        // trailing comma
        new object[] { "[1,2,3]", "not an object" },
        new object[] { "{\"test\":{\"dtype\":\"F16\",\"shape\":[2,4],\"data_offsets\":[0,16]}}", "dtype F16" },
        new object[] { "{\"test\":{\"dtype\":\"I32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}", "dtype I32" },
        new object[] { "{\"test\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,16]}}", "span 16 bytes" },    // shape × 4 ≠ bytes
        new object[] { "{\"test\":{\"dtype\":\"F32\",\"shape\":[-2,2],\"data_offsets\":[0,16]}}", "dimension 0" },
        new object[] { "{\"test\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[16,0]}}", "before the begin" },
        new object[] { "{\"test\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0]}}", "data_offsets" },
        new object[] { "{\"test\":{\"dtype\":\"F32\",\"shape\":[2,2]}}", "data_offsets" },
        new object[] { "{\"test\":{\"shape\":[2,2],\"data_offsets\":[0,16]}}", "dtype" },
        new object[] { "{\"test\":5}", "not an object" },
        new object[] { "{\"__metadata__\":{\"step\":3},\"test\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}", "not a string" },
        // Two names for the same bytes: overlapping ranges.
        new object[] { "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,12]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}", "overlap" },
        new object[] { "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", "overlap" },
        // A hole: the first tensor does not start at 0.
        new object[] { "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[4,16]}}", "hole of 4 bytes" },
        // The same name twice.
        new object[] { "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}", "more than once" },
        // Offsets describe less data than the file holds.
        new object[] { "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", "8 unexpected bytes" },
    };

    [Theory]
    [MemberData(nameof(CorruptHeaders))]
    public void Corrupt_Headers_Are_Rejected_With_A_Message_Saying_What_Is_Wrong(string json, string expectedText)
    {
        var ex = Assert.Throws<InvalidDataException>(() => ReadBytes(Build(json, LittleEndian(OneToFourBits))));
        Assert.Contains("test.safetensors", ex.Message);
        Assert.Contains(expectedText, ex.Message);
    }

    [Fact]
    public void Header_Length_Larger_Than_The_File_Or_The_Limit_Is_Rejected_Before_Allocating()
    {
        byte[] data = LittleEndian(OneToFourBits);
        Assert.Contains("only", Assert.Throws<InvalidDataException>(() => ReadBytes(Build(ExampleJson, data, declaredLength: 1000))).Message);
        Assert.Contains("limit", Assert.Throws<InvalidDataException>(() => ReadBytes(Build(ExampleJson, data, declaredLength: ulong.MaxValue))).Message);
        Assert.Contains("limit", Assert.Throws<InvalidDataException>(() => SafeTensors.Read(new ForwardOnlyStream(Build(ExampleJson, data, declaredLength: 1UL << 40)))).Message);
        Assert.Contains("length is 0", Assert.Throws<InvalidDataException>(() => ReadBytes(Build("", data, declaredLength: 0))).Message);
        // Invalid UTF-8 in the header.
        byte[] bad = Build(ExampleJson, data);
        bad[10] = 0xFF;
        Assert.Throws<InvalidDataException>(() => ReadBytes(bad));
    }

    [Fact]
    public void Writer_Rejects_Duplicate_And_Reserved_Names_And_NamedTensor_Checks_Its_Shape()
    {
        var a = new NamedTensor("a", new[] { 1 }, new[] { 1f });
        Assert.Contains("'a'", Assert.Throws<ArgumentException>(() => WriteToBytes(new[] { a, a })).Message);
        Assert.Throws<ArgumentException>(() => WriteToBytes(new[] { new NamedTensor("__metadata__", new[] { 1 }, new[] { 1f }) }));
        var ex = Assert.Throws<ArgumentException>(() => new NamedTensor("w", new[] { 2, 3 }, new float[5]));
        Assert.Contains("[2, 3]", ex.Message);
        Assert.Contains("5", ex.Message);
        Assert.Throws<ArgumentException>(() => new NamedTensor("w", new[] { -1 }, new float[0]));
        Assert.Throws<ArgumentException>(() => new NamedTensor("", new[] { 1 }, new float[1]));
    }
}
