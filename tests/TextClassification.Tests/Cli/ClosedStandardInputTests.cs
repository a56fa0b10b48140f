using TextClassification.Cli;

namespace TextClassification.Tests.Cli;

public sealed class ClosedStandardInputTests
{
    [Theory]
    [InlineData("\t02000000", true)] // O_CLOEXEC alone: the runtime's pipe in a closed input's place
    [InlineData("\t02100002", true)] // with O_LARGEFILE and O_RDWR
    [InlineData("\t00", false)] // an inherited pipe
    [InlineData("\t0100002", false)] // an inherited terminal (O_LARGEFILE, O_RDWR)
    [InlineData("\t04000000", false)] // another flag
    [InlineData("", false)]
    [InlineData("\t0x80000", false)] // not octal
    [InlineData("\t0289", false)]
    public void The_close_on_exec_flag_is_read_from_an_fdinfo_flags_line(string flags, bool closeOnExec) =>
        Assert.Equal(closeOnExec, ClosedStandardInput.IsCloseOnExec(flags));

    [Theory]
    [InlineData("/dev/stdin", true)]
    [InlineData("/dev/fd/0", true)]
    [InlineData("/proc/self/fd/0", true)]
    [InlineData("/dev/./stdin", true)]
    [InlineData("//dev//stdin", true)]
    [InlineData("/proc/self/../self/fd/0", true)]
    [InlineData("/proc/thread-self/fd/0", true)]
    [InlineData("/dev/stdin2", false)]
    [InlineData("data.tsv", false)]
    [InlineData("/dev/fd/1", false)]
    public void Standard_input_is_told_however_its_path_is_written(string path, bool names)
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // the names are Linux's
        }

        // Each of these waited forever in `textclf eval BUNDLE PATH <&-` where only the three plain names were caught.
        Assert.Equal(names, ClosedStandardInput.NamesStandardInput(path));
    }

    [Fact]
    public void Standard_input_is_told_by_this_processs_id_and_through_a_link()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        Assert.True(ClosedStandardInput.NamesStandardInput($"/proc/{Environment.ProcessId}/fd/0"));
        string folder = Directory.CreateTempSubdirectory("stdin-link").FullName;
        try
        {
            string link = Path.Combine(folder, "data.tsv");
            File.CreateSymbolicLink(link, "/dev/stdin");
            Assert.True(ClosedStandardInput.NamesStandardInput(link));
            Assert.False(ClosedStandardInput.NamesStandardInput(Path.Combine(folder, "other.tsv")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Every_read_fails_naming_the_closed_input()
    {
        using var input = new ClosedStandardInput();

        foreach (Action read in new Action[] { () => input.ReadLine(), () => input.Read(), () => input.Peek(), () => input.ReadToEnd(), () => input.Read(new char[4], 0, 4) })
        {
            IOException error = Assert.Throws<IOException>(read);
            Assert.Equal(ClosedStandardInput.Message, error.Message);
        }
    }
}
