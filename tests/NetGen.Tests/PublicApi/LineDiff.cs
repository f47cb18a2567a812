using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace NetGen.Tests.PublicApi;

/// <summary>
/// A line diff for test failures: the longest common subsequence of the lines that differ (after trimming the common
/// head and tail), printed as hunks of '-' (expected) and '+' (actual) lines with one line of context and the
/// declaration of the type they are in.
/// </summary>
internal static class LineDiff
{
    private const int MaxOutputLines = 400;
    private const long MaxCells = 30_000_000;

    public static string Format(string expected, string actual)
    {
        string[] a = expected.Split('\n'), b = actual.Split('\n');
        int head = 0;
        while (head < a.Length && head < b.Length && a[head] == b[head]) head++;
        int tail = 0;
        while (tail < a.Length - head && tail < b.Length - head && a[a.Length - 1 - tail] == b[b.Length - 1 - tail]) tail++;
        if (head == a.Length && head == b.Length) return "(line endings only)";
        // Keep one common line on each side in the compared middle, as context for the first and last hunks.
        if (head > 0) head--;
        if (tail > 0) tail--;
        int n = a.Length - head - tail, m = b.Length - head - tail;

        var edits = new List<(char Op, int Line, string Text)>(); // Op: ' ', '-', '+'; Line: 0-based line in its file
        if ((long)(n + 1) * (m + 1) > MaxCells)
        {
            for (int i = 0; i < n; i++) edits.Add(('-', head + i, a[head + i]));
            for (int j = 0; j < m; j++) edits.Add(('+', head + j, b[head + j]));
        }
        else
        {
            // lcs[i, j] = LCS length of a[head+i..] and b[head+j..] (within the trimmed middle).
            var lcs = new int[(n + 1) * (m + 1)];
            for (int i = n - 1; i >= 0; i--)
                for (int j = m - 1; j >= 0; j--)
                    lcs[i * (m + 1) + j] = a[head + i] == b[head + j]
                        ? lcs[(i + 1) * (m + 1) + j + 1] + 1
                        : Math.Max(lcs[(i + 1) * (m + 1) + j], lcs[i * (m + 1) + j + 1]);
            int x = 0, y = 0;
            while (x < n || y < m)
            {
                if (x < n && y < m && a[head + x] == b[head + y]) { edits.Add((' ', head + x, a[head + x])); x++; y++; }
                else if (x < n && (y == m || lcs[(x + 1) * (m + 1) + y] >= lcs[x * (m + 1) + y + 1])) { edits.Add(('-', head + x, a[head + x])); x++; }
                else { edits.Add(('+', head + y, b[head + y])); y++; }
            }
        }

        var sb = new StringBuilder();
        int written = 0;
        int last = -2;
        for (int k = 0; k < edits.Count; k++)
        {
            if (edits[k].Op == ' ') continue;
            if (written >= MaxOutputLines)
            {
                sb.Append("... (diff truncated)\n");
                break;
            }
            if (k > last + 1)
            {
                int line = edits[k].Op == '-' ? edits[k].Line : FindExpectedLine(edits, k, head);
                sb.Append("@@ line ").Append((line + 1).ToString(CultureInfo.InvariantCulture)).Append(" of the verified file, in: ")
                    .Append(EnclosingType(a, line)).Append('\n');
                if (k > 0 && edits[k - 1].Op == ' ') sb.Append("  ").Append(edits[k - 1].Text).Append('\n');
            }
            sb.Append(edits[k].Op).Append(' ').Append(edits[k].Text).Append('\n');
            written++;
            last = k;
            if (k + 1 < edits.Count && edits[k + 1].Op == ' ' && (k + 2 >= edits.Count || edits[k + 2].Op == ' '))
                sb.Append("  ").Append(edits[k + 1].Text).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>The verified-file line nearest before an insertion (the last kept or removed line before it).</summary>
    private static int FindExpectedLine(List<(char Op, int Line, string Text)> edits, int k, int head)
    {
        for (int i = k - 1; i >= 0; i--)
            if (edits[i].Op != '+') return edits[i].Line + 1;
        return head;
    }

    /// <summary>The last type declaration (four-space indent, not a brace) or namespace line at or before <paramref name="line"/>.</summary>
    private static string EnclosingType(string[] lines, int line)
    {
        for (int i = Math.Min(line, lines.Length - 1); i >= 0; i--)
        {
            string s = lines[i];
            if (s.StartsWith("namespace ", StringComparison.Ordinal)) return s;
            if (s.StartsWith("    ", StringComparison.Ordinal) && !s.StartsWith("     ", StringComparison.Ordinal)
                && !s.StartsWith("    {", StringComparison.Ordinal) && !s.StartsWith("    }", StringComparison.Ordinal) && !s.StartsWith("    [", StringComparison.Ordinal))
                return s.Trim();
        }
        return "(start of file)";
    }
}
