using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace TextClassification.Cli;

/// <summary>
/// Where the ONNX Runtime native library comes from when <c>textclf</c> runs as the Training package's packed tool.
/// The tool ships no ONNX Runtime natives (they would double the package) and its deps.json lists none: the build
/// targets name the consuming project's own restored native library in <see cref="EnvironmentVariable"/>, whatever
/// Microsoft.ML.OnnxRuntime version that project resolved (a project may pin a newer one than this tool was built
/// with; ONNX Runtime's C API serves older clients). Without the variable nothing changes (the CLI built in this
/// repository finds its natives through its own deps.json).
/// </summary>
internal static class OnnxRuntimeLocation
{
    /// <summary>The variable holding the full path of the native library (onnxruntime.dll, libonnxruntime.so or .dylib).</summary>
    public const string EnvironmentVariable = "TEXTCLF_ONNXRUNTIME_NATIVE";

    /// <summary>Resolves the ONNX Runtime library to the file the variable names, when it is set, once the
    /// runtime's own probing has not found it.</summary>
    public static void Register()
    {
        string? path = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(path))
        {
            return;
        }

        AssemblyLoadContext.Default.ResolvingUnmanagedDll += (Assembly _, string name) =>
            IsOnnxRuntime(name) && File.Exists(path) ? NativeLibrary.Load(path) : IntPtr.Zero;
    }

    // "onnxruntime" as ONNX Runtime's DllImport names it, with or without a "lib" prefix or an extension.
    internal static bool IsOnnxRuntime(string name)
    {
        string file = Path.GetFileNameWithoutExtension(name);
        return file.Equals("onnxruntime", StringComparison.OrdinalIgnoreCase) || file.Equals("libonnxruntime", StringComparison.OrdinalIgnoreCase);
    }
}
