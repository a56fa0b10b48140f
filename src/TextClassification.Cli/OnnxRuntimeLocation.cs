using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

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

    /// <summary>When the variable is set, resolves ONNX Runtime's library to that file before any other search, so an
    /// <c>onnxruntime</c> elsewhere on the system (an old one in Windows' System32, one on LD_LIBRARY_PATH) is not
    /// loaded instead. Call before anything touches ONNX Runtime.</summary>
    public static void Register()
    {
        string? path = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(path))
        {
            return;
        }

        // ONNX Runtime registers a resolver of its own on first use; only one is allowed per assembly.
        OrtEnv.DisableDllImportResolver = true;
        NativeLibrary.SetDllImportResolver(typeof(OrtEnv).Assembly, (string name, Assembly _, DllImportSearchPath? _) =>
            IsOnnxRuntime(name) ? NativeLibrary.Load(path) : IntPtr.Zero);
    }

    // "onnxruntime" as ONNX Runtime's DllImport names it, with or without a "lib" prefix or an extension.
    internal static bool IsOnnxRuntime(string name)
    {
        string file = Path.GetFileNameWithoutExtension(name);
        return file.Equals("onnxruntime", StringComparison.OrdinalIgnoreCase) || file.Equals("libonnxruntime", StringComparison.OrdinalIgnoreCase);
    }
}
