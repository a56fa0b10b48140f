using TextClassification.Cli;

namespace TextClassification.Tests.Cli;

public sealed class UserCacheFolderTests
{
    [Fact]
    public void The_cache_is_in_the_users_own_folder_never_a_shared_one()
    {
        // It was <temp>/textclf-embeddings, one folder for every user of the machine.
        Func<string, string?> env(string? xdg, string? home, string? localAppData) => name => name switch
        {
            "XDG_CACHE_HOME" => xdg,
            "HOME" => home,
            "LOCALAPPDATA" => localAppData,
            _ => null,
        };

        if (OperatingSystem.IsWindows())
        {
            Assert.Equal(Path.Combine(@"C:\Users\ann\AppData\Local", "textclf", "embeddings"), UserCacheFolder.For("embeddings", env(null, null, @"C:\Users\ann\AppData\Local")));
            Assert.Null(UserCacheFolder.For("embeddings", env(null, null, null)));
            return;
        }

        Assert.Equal("/home/ann/.cache/textclf/embeddings", UserCacheFolder.For("embeddings", env(null, "/home/ann", null)));
        Assert.Equal("/x/cache/textclf/embeddings", UserCacheFolder.For("embeddings", env("/x/cache", "/home/ann", null)));
        // The XDG rule: a relative value is ignored.
        Assert.Equal("/home/ann/.cache/textclf/embeddings", UserCacheFolder.For("embeddings", env("cache", "/home/ann", null)));
        // No home folder: no cache, rather than a shared one.
        Assert.Null(UserCacheFolder.For("embeddings", env(null, null, null)));
        Assert.Null(UserCacheFolder.For("embeddings", env(null, "", null)));
    }
}
