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
